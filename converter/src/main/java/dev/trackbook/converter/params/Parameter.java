package dev.trackbook.converter.params;

import java.util.Objects;

/**
 * One run-time parameter of a pipeline, declared in a cell tagged {@code parameters}.
 *
 * @param name the Java variable name
 * @param type its type
 * @param declaredAs the declaration keyword as written ({@code var} or the type name), kept so the
 *     replacement cell reads like the original
 * @param defaultValue the value in the notebook ({@link Integer}, {@link Long}, {@link Double},
 *     {@link Boolean} or {@link String})
 */
public record Parameter(String name, ParameterType type, String declaredAs, Object defaultValue) {

  public Parameter {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(declaredAs, "declaredAs");
    Objects.requireNonNull(defaultValue, "defaultValue");
  }

  /** The declaration with {@code value}, e.g. {@code double lr = 0.1;}. */
  public String declaration(Object value) {
    return declaredAs + " " + name + " = " + type.toJavaLiteral(value) + ";";
  }
}
