package dev.trackbook.kernel.engine;

import java.util.HashSet;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Inserts a call to {@link CellStop#check()} at the start of every method of a cell's class and
 * before every backward jump (the only way code runs unboundedly without calling anything), as the
 * JDK's own local JShell engine does since Thread.stop stopped working.
 *
 * <p>The call takes and leaves nothing on the operand stack and sits between labels, so the
 * existing stack map frames and maximum stack stay valid and need no recomputation.
 */
final class StopCheckWeaver {
  private static final String OWNER = Type.getInternalName(CellStop.class);

  private StopCheckWeaver() {}

  /**
   * The class with stop checks.
   *
   * @throws RuntimeException when the class cannot be woven: a class file newer than this ASM reads
   *     (IllegalArgumentException, a JDK newer than it knows), or a method the checks would push
   *     past 64 KB (ASM's MethodTooLargeException)
   */
  static byte[] weave(byte[] classFile) {
    ClassReader reader = new ClassReader(classFile);
    ClassWriter writer = new ClassWriter(reader, 0);
    reader.accept(
        new ClassVisitor(Opcodes.ASM9, writer) {
          @Override
          public MethodVisitor visitMethod(
              int access, String name, String descriptor, String signature, String[] exceptions) {
            MethodVisitor method =
                super.visitMethod(access, name, descriptor, signature, exceptions);
            return method == null ? null : new Checks(method);
          }
        },
        0);
    return writer.toByteArray();
  }

  private static final class Checks extends MethodVisitor {
    /** Labels already passed: a jump to one of them goes backward. */
    private final Set<Label> passed = new HashSet<>();

    Checks(MethodVisitor next) {
      super(Opcodes.ASM9, next);
    }

    private void check() {
      super.visitMethodInsn(Opcodes.INVOKESTATIC, OWNER, "check", "()V", false);
    }

    @Override
    public void visitCode() {
      super.visitCode(); // only methods with code get here: never abstract or native ones
      check();
    }

    @Override
    public void visitLabel(Label label) {
      passed.add(label);
      super.visitLabel(label);
    }

    @Override
    public void visitJumpInsn(int opcode, Label target) {
      if (passed.contains(target)) {
        check();
      }
      super.visitJumpInsn(opcode, target);
    }

    @Override
    public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
      if (anyPassed(dflt, labels)) {
        check();
      }
      super.visitTableSwitchInsn(min, max, dflt, labels);
    }

    @Override
    public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
      if (anyPassed(dflt, labels)) {
        check();
      }
      super.visitLookupSwitchInsn(dflt, keys, labels);
    }

    private boolean anyPassed(Label dflt, Label[] labels) {
      if (passed.contains(dflt)) {
        return true;
      }
      for (Label label : labels) {
        if (passed.contains(label)) {
          return true;
        }
      }
      return false;
    }
  }
}
