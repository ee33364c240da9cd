package dev.trackbook.cli;

import dev.trackbook.cli.serving.SandboxedValidator;
import dev.trackbook.client.Tracking;
import dev.trackbook.client.model.ModelUri;
import dev.trackbook.converter.ConversionException;
import dev.trackbook.converter.PipelineFormat;
import dev.trackbook.server.auth.Scope;
import dev.trackbook.server.error.TrackingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The option and argument types the commands share, read while picocli parses: a value out of range
 * or of the wrong form is a usage error (exit code 2, one line naming the option), as a value that
 * is not a number already was, rather than a failure (exit 1) from inside the command, which for
 * {@code validate} read as "the model failed".
 */
final class OptionTypes {
  private OptionTypes() {}

  /** A TCP port; 0 asks for any free one. */
  static final class Port implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      int port;
      try {
        port = Integer.parseInt(value.trim());
      } catch (NumberFormatException e) {
        throw new TypeConversionException("'" + value + "' is not a port number");
      }
      if (port < 0 || port > 65535) {
        throw new TypeConversionException(port + " is not a port: use 0-65535");
      }
      return port;
    }
  }

  /** An interface to bind: a name or address, not blank (which would bind nothing). */
  static final class Host implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      if (value.isBlank()) {
        throw new TypeConversionException("a host must not be empty: use 127.0.0.1 or 0.0.0.0");
      }
      return value.strip();
    }
  }

  /** A count of seconds or milliseconds, at least 1: 0 would kill or poll at once. */
  static final class AtLeastOne implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      long n;
      try {
        n = Long.parseLong(value.trim());
      } catch (NumberFormatException e) {
        throw new TypeConversionException("'" + value + "' is not a whole number");
      }
      if (n < 1) {
        throw new TypeConversionException("must be at least 1, got " + n);
      }
      return n;
    }
  }

  /** A latency bound in milliseconds, above 0: 0 or less fails every version as too slow. */
  static final class LatencyBound implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      double millis;
      try {
        millis = Double.parseDouble(value.trim());
      } catch (NumberFormatException e) {
        throw new TypeConversionException("'" + value + "' is not a number");
      }
      if (!(millis > 0) || Double.isInfinite(millis)) {
        throw new TypeConversionException("must be a number of milliseconds above 0, got " + value);
      }
      return millis;
    }
  }

  /** A heap size for a child JVM's -Xmx. */
  static final class HeapSize implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      try {
        return SandboxedValidator.checkedHeap(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** A share in whole percent, 0-100. */
  static final class Percent implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      int percent;
      try {
        percent = Integer.parseInt(value.trim());
      } catch (NumberFormatException e) {
        throw new TypeConversionException("'" + value + "' is not a whole percentage");
      }
      if (percent < 0 || percent > 100) {
        throw new TypeConversionException(percent + " is not between 0 and 100");
      }
      return percent;
    }
  }

  /**
   * A registered model's URI ({@code models:/...}): {@code validate} records its verdict on the
   * version and {@code serve} follows the registry, so a {@code runs:/} URI is refused too.
   */
  static final class RegisteredModel implements ITypeConverter<ModelUri> {
    @Override
    public ModelUri convert(String value) {
      ModelUri uri;
      try {
        uri = ModelUri.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
      if (!uri.isRegistered()) {
        throw new TypeConversionException(
            "'"
                + value
                + "' is not a registered model: use models:/NAME/VERSION, models:/NAME@ALIAS or"
                + " models:/NAME/latest");
      }
      return uri;
    }
  }

  /** A tracking server's URL, as the client takes it (http or https, with a host). */
  static final class TrackingUri implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      try {
        return Tracking.checkTrackingUri(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** A directory that exists: a mistyped one would read as "nothing there". */
  static final class ExistingDirectory implements ITypeConverter<Path> {
    @Override
    public Path convert(String value) {
      Path dir = Path.of(value);
      if (!Files.isDirectory(dir)) {
        throw new TypeConversionException(
            "'" + value + "' is " + (Files.exists(dir) ? "not a directory" : "no directory"));
      }
      return dir;
    }
  }

  /** A token scope by its wire name. */
  static final class TokenScope implements ITypeConverter<Scope> {
    @Override
    public Scope convert(String value) {
      try {
        return Scope.parse(value);
      } catch (TrackingException e) {
        throw new TypeConversionException(
            "'"
                + value
                + "' is not a scope: use "
                + Arrays.stream(Scope.values())
                    .map(Scope::wireName)
                    .collect(Collectors.joining(", ")));
      }
    }
  }

  /** A converter format name ({@code --to ipynb}). */
  static final class Format implements ITypeConverter<PipelineFormat> {
    @Override
    public PipelineFormat convert(String value) {
      try {
        return PipelineFormat.fromName(value);
      } catch (ConversionException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
