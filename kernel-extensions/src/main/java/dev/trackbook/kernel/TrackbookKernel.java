package dev.trackbook.kernel;

import dev.trackbook.kernel.dependencies.AddedRepositories;
import dev.trackbook.kernel.dependencies.DependencyMagics;
import dev.trackbook.kernel.dependencies.MavenClasspath;
import dev.trackbook.kernel.dependencies.MavenResolver;
import dev.trackbook.kernel.dependencies.NotebookLogging;
import dev.trackbook.kernel.display.KernelDisplay;
import dev.trackbook.kernel.display.KernelRenderer;
import dev.trackbook.kernel.display.OptionalRenderers;
import dev.trackbook.kernel.display.TextLimit;
import dev.trackbook.kernel.engine.EvalResult;
import dev.trackbook.kernel.engine.JShellEngine;
import dev.trackbook.kernel.history.HistoryReplyContent;
import dev.trackbook.kernel.history.SessionHistory;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.BaseKernelBuilder;
import org.dflib.jjava.jupyter.kernel.BaseNotebookStatics;
import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.Comm;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager;
import org.dflib.jjava.jupyter.kernel.magic.MagicParser;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.magic.UndefinedMagicException;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.KernelTimestamp;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.reply.CommInfoReply;
import org.dflib.jjava.jupyter.messages.reply.InterruptReply;
import org.dflib.jjava.jupyter.messages.reply.KernelInfoReply;
import org.dflib.jjava.jupyter.messages.request.CommInfoRequest;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;
import org.dflib.jjava.jupyter.messages.request.HistoryRequest;
import org.dflib.jjava.jupyter.messages.request.InterruptRequest;
import org.dflib.jjava.jupyter.messages.request.KernelInfoRequest;
import org.dflib.jjava.jupyter.messages.request.ShutdownRequest;

/**
 * The Trackbook Java kernel: {@link JShellEngine} behind the Jupyter messaging protocol
 * (jjava-jupyter), one JVM per kernel. Extensions ({@link org.dflib.jjava.jupyter.Extension}) on
 * the class path are loaded with {@link java.util.ServiceLoader} at start-up; the tracking magics
 * are one.
 *
 * <p>Run as {@code java -cp trackbook-kernel.jar:extensions/* dev.trackbook.kernel.TrackbookKernel
 * CONNECTION_FILE}; {@code ./trackbook kernel install} writes the kernelspec that does so.
 */
public final class TrackbookKernel extends BaseKernel {

  /** The kernelspec name Jupyter knows this kernel by. */
  public static final String KERNEL_NAME = "trackbook-java";

  /** Magics live at a line start or right after {@code =}, so {@code var id = %run start} works. */
  private static final String LINE_MAGIC_START = "(?<=(?:^|=))\\s*%";

  private static final String CELL_MAGIC_START = "%%";

  private final CompletableFuture<JShellEngine> engine;
  private final OptionalRenderers optionalRenderers;
  private final List<CellListener> cellListeners = new CopyOnWriteArrayList<>();
  private final NotebookLogging notebookLogging = new NotebookLogging();
  private volatile EvalResult.Failure lastFailure;

  /** Told about every executed cell, after it ran (for provenance: source hashes, outcomes). */
  @FunctionalInterface
  public interface CellListener {
    /**
     * @param source the cell as the user wrote it (magics not yet expanded)
     * @param result how it ended
     */
    void afterCell(String source, EvalResult result);
  }

  private TrackbookKernel(
      String name,
      String version,
      HistoryManager history,
      JupyterIO io,
      CommManager comms,
      Renderer renderer,
      MagicParser parser,
      MagicsRegistry magics,
      boolean extensionsEnabled,
      StringStyler errorStyler,
      List<String> extraClasspath) {
    super(
        name,
        version,
        new LanguageInfo(
            "java",
            Runtime.version().toString(),
            "text/x-java-source",
            ".java",
            "java",
            "text/x-java",
            "java"),
        List.of(
            new HelpLink("Trackbook", "https://github.com/trackbook"),
            new HelpLink("Java API", "https://docs.oracle.com/en/java/javase/17/docs/api/")),
        history,
        io,
        comms,
        renderer,
        parser,
        magics,
        extensionsEnabled,
        errorStyler);
    KernelDisplay.registerStandard(renderer);
    this.optionalRenderers = new OptionalRenderers(renderer);
    JShellEngine.Builder engineBuilder =
        JShellEngine.builder()
            .addStaticImport("org.dflib.jjava.jupyter.kernel.BaseNotebookStatics.*")
            .addStaticImport(KernelDisplay.STATIC_IMPORT)
            .addStaticImport(MagicCalls.STATIC_IMPORT)
            .addStaticImport(MagicCalls.RAN_STATIC_IMPORT);
    extraClasspath.forEach(engineBuilder::classpath);
    // JShell's compiler needs about a second to warm up: do it while Jupyter connects.
    this.engine =
        CompletableFuture.supplyAsync(
            () -> {
              JShellEngine e = engineBuilder.build();
              e.runStatementsDirectly(MagicCalls::asStatement);
              e.warmUp();
              return e;
            },
            r -> {
              Thread t = new Thread(r, "trackbook-engine-start");
              t.setDaemon(true);
              t.start();
            });
  }

  /** A builder with the kernel's own magics ({@code %classpath}, {@code %maven}) registered. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The running Trackbook kernel behind a magic's {@code kernel} argument.
   *
   * @throws IllegalStateException when the magic runs in another kernel (e.g. stock JJava)
   */
  public static TrackbookKernel of(BaseKernel kernel) {
    if (kernel instanceof TrackbookKernel k) {
      return k;
    }
    throw new IllegalStateException("this needs the Trackbook kernel, not " + kernel.getName());
  }

  /** The JShell engine, once started (waits for start-up to finish). */
  public JShellEngine engine() {
    try {
      return engine.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the kernel was starting", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("the Java engine failed to start: " + e.getCause(), e);
    }
  }

  /**
   * Adds jars or class directories for the notebook's code, and renderers they make possible. When
   * they bring slf4j-api without a logging backend, the kernel's own provider comes along ({@link
   * NotebookLogging}).
   */
  public void addToClasspath(List<String> entries) {
    JShellEngine e = engine();
    List<String> all = notebookLogging.withProvider(e.classpath(), entries);
    e.addToClasspath(String.join(File.pathSeparator, all));
    refreshRenderers(e);
  }

  /**
   * Sets what line magics written inside a block become ({@link BlockMagics}); null runs them as
   * calls of their own, like magics at a cell's top level.
   */
  public void blockMagics(BlockMagics magics) {
    MagicCalls.blockMagics(magics);
  }

  /** Registers a listener called after each cell. */
  public void addCellListener(CellListener listener) {
    cellListeners.add(listener);
  }

  private final RunAllAbort runAllAbort = new RunAllAbort();

  // Set per execute request on the shell thread, read by eval on the same thread.
  private boolean stopOnError;

  // Jupyter's execution count of the request being executed, 0 between requests; magics evaluate
  // from the execution thread while it is set.
  private volatile int executingCell;

  // The cells this session ran, for history_request; and the text of the running cell's result.
  private final SessionHistory history = new SessionHistory();
  private String shownOutput;

  @Override
  public String getBanner() {
    return "Java " + Runtime.version() + " (Trackbook kernel " + getVersion() + ")";
  }

  // `%%track?` (with or without a body): the help of a cell magic, which jjava only knows as the
  // line magic `%track?`; the body is not run, as IPython does not run it either.
  private static final Pattern CELL_MAGIC_HELP =
      Pattern.compile("\\s*%%(\\w+)\\?[ \\t]*(?:\\R[\\s\\S]*)?");

  @Override
  public Object evalRaw(String code) {
    String read = magicLinesRead(code);
    Matcher help = CELL_MAGIC_HELP.matcher(read);
    if (help.matches()) {
      code = "%" + help.group(1) + "?";
      read = code;
    }
    JShellEngine e = engine();
    String java;
    try {
      java =
          magicParser.resolveMagics(
              MagicCalls.withEmptyBody(DependencyMagics.joinAdjacentMavenLines(read)));
    } catch (RuntimeException refused) {
      // A magic that cannot be written where it is (`double a = %metric acc=0.9`, no value): its
      // one line, before anything of the cell ran.
      throw fail(
          usageErrorAsOneLine(new EvalResult.Failure(refused, List.of(refused.toString())), true));
    }
    int cell = executingCell;
    // Magics' and cell listeners' own evaluations count as part of the cell that runs them.
    EvalResult result = cell > 0 ? e.eval(java, cell) : e.eval(java);
    for (CellListener listener : cellListeners) {
      try {
        listener.afterCell(code, result);
      } catch (RuntimeException ex) {
        // A listener's bug must not turn a good cell into a failed one.
        System.err.println("trackbook: cell listener failed: " + ex);
      }
    }
    if (result instanceof EvalResult.Success s) {
      if (!s.hasValue()) {
        return null;
      }
      refreshRenderers(e);
      return s.value();
    }
    if (result instanceof EvalResult.CompileError c) {
      String magic = MagicCalls.compileError(c.diagnostics());
      throw new CellException.CompilationException(
          magic == null ? c.traceback() : List.of("UsageError: " + magic));
    }
    if (result instanceof EvalResult.Interrupted) {
      throw new CellException.InterruptedException();
    }
    EvalResult.Failure thrown = (EvalResult.Failure) result;
    EvalResult.Failure unwrapped = unwrapMagicFailure(thrown);
    throw fail(usageErrorAsOneLine(unwrapped, unwrapped != thrown));
  }

  /**
   * A magic's complaint about its input is one line, as IPython's "UsageError: ...": an unknown
   * magic, or the IllegalArgumentException / IllegalStateException a magic throws for bad input
   * (%maven's "cannot resolve g:a:v", %classpath's "nothing matches"). Anything else a magic throws
   * is a bug in it and keeps its frames.
   */
  private EvalResult.Failure usageErrorAsOneLine(EvalResult.Failure f, boolean thrownByMagic) {
    Throwable t = f.exception();
    if (t instanceof UndefinedMagicException u) {
      MagicsRegistry registry = getMagicsRegistry();
      String prefix = u.isLineMagic() ? "%" : "%%";
      String known =
          (u.isLineMagic() ? registry.getLineMagicNames() : registry.getCellMagicNames())
              .stream()
                  .filter(name -> !name.endsWith("?")) // %name? is the help of %name
                  .sorted()
                  .map(name -> prefix + name)
                  .collect(Collectors.joining(", "));
      return new EvalResult.Failure(
          t,
          List.of(
              "UsageError: no "
                  + (u.isLineMagic() ? "line" : "cell")
                  + " magic "
                  + prefix
                  + u.getMagicName()
                  + (known.isEmpty() ? "" : "; there are " + known)));
    }
    if (thrownByMagic
        && (t instanceof IllegalArgumentException || t instanceof IllegalStateException)
        && t.getMessage() != null) {
      return new EvalResult.Failure(t, List.of("UsageError: " + t.getMessage()));
    }
    return f;
  }

  @Override
  @SuppressWarnings({"rawtypes", "unchecked"}) // jjava's reply types know no "aborted" status
  protected synchronized void handleExecuteRequest(
      ShellReplyEnvironment env, Message<ExecuteRequest> message) {
    KernelTimestamp sent = message.getHeader().getTimestamp();
    if (runAllAbort.shouldAbort(sent == null ? null : sent.getDateString())) {
      env.setBusyDeferIdle();
      env.reply(new Message(env.getContext(), MessageType.EXECUTE_REPLY, new AbortedReply()));
      runAllAbort.replied();
      return;
    }
    ExecuteRequest request = message.getContent();
    stopOnError = request.shouldStopOnError();
    // The count jjava is about to give this request: In [N] in the notebook, "cell N" in frames.
    executingCell = executionCount.get();
    shownOutput = null;
    try {
      super.handleExecuteRequest(env, message);
    } finally {
      if (request.shouldStoreHistory() && !request.isSilent()) {
        history.record(executingCell, request.getCode(), shownOutput);
      }
      executingCell = 0;
      runAllAbort.replied();
    }
  }

  /**
   * Answers from this session's cells ({@link SessionHistory}), with status ok (messaging spec,
   * "History"). jjava sends no reply at all without a HistoryManager (and one given to the builder
   * is not asked: jjava's reply would carry no status and write entries as objects, not tuples);
   * jupyter console asks for the history when it starts.
   */
  @Override
  @SuppressWarnings({"rawtypes", "unchecked"}) // the reply's content is not jjava's HistoryReply
  protected void handleHistoryRequest(ShellReplyEnvironment env, Message<HistoryRequest> message) {
    HistoryRequest request = message.getContent();
    env.setBusyDeferIdle();
    List<SessionHistory.Entry> entries =
        switch (request.getAccessType()) {
          case TAIL -> history.tail(((HistoryRequest.Tail) request).getMaxReturnLength());
          case RANGE -> {
            HistoryRequest.Range range = (HistoryRequest.Range) request;
            yield history.range(range.getSessionIndex(), range.getStart(), range.getStop());
          }
          case SEARCH -> {
            HistoryRequest.Search search = (HistoryRequest.Search) request;
            yield history.search(
                search.getPattern(), search.getMaxReturnLength(), search.filterUnique());
          }
        };
    env.reply(
        new Message(
            env.getContext(),
            MessageType.HISTORY_REPLY,
            new HistoryReplyContent(entries, request.includeOutput())));
  }

  /** jjava's kernel_info_reply, with the status "ok" every reply carries (messaging spec). */
  @Override
  protected void handleKernelInfoRequest(
      ShellReplyEnvironment env, Message<KernelInfoRequest> message) {
    env.setBusyDeferIdle();
    env.reply(
        new KernelInfoOkReply(
            Header.PROTOCOL_VERISON,
            name,
            version,
            getLanguageInfo(),
            getBanner(),
            getHelpLinks()));
  }

  private static final class KernelInfoOkReply extends KernelInfoReply {
    @SuppressWarnings("unused") // serialized by Gson
    private final String status = "ok";

    KernelInfoOkReply(
        String protocolVersion,
        String implementation,
        String implementationVersion,
        LanguageInfo languageInfo,
        String banner,
        List<HelpLink> helpLinks) {
      super(
          protocolVersion, implementation, implementationVersion, languageInfo, banner, helpLinks);
    }
  }

  /**
   * As jjava's shutdown handler, with the status "ok" every reply carries (jjava's ShutdownReply
   * cannot be extended).
   */
  @Override
  @SuppressWarnings({"rawtypes", "unchecked"}) // the reply's content is not jjava's ShutdownReply
  protected void handleShutdownRequest(
      ShellReplyEnvironment env, Message<ShutdownRequest> message) {
    boolean restart = message.getContent().isRestart();
    env.setBusyDeferIdle();
    env.defer()
        .reply(
            new Message(
                env.getContext(), MessageType.SHUTDOWN_REPLY, new ShutdownOkReply(restart)));
    onShutdown(restart);
    env.resolveDeferrals();
    env.markForShutdown();
  }

  /** As jjava's interrupt handler, with status "ok". */
  @Override
  protected void handleInterruptRequest(
      ShellReplyEnvironment env, Message<InterruptRequest> message) {
    env.setBusyDeferIdle();
    env.defer().reply(new InterruptOkReply());
    interrupt();
  }

  /** Answers comm_info requests itself: jjava's CommManager replies without a status. */
  @Override
  public void becomeHandlerForConnection(JupyterConnection connection) {
    super.becomeHandlerForConnection(connection);
    connection.setHandler(MessageType.COMM_INFO_REQUEST, this::handleCommInfoRequest);
  }

  private void handleCommInfoRequest(ShellReplyEnvironment env, Message<CommInfoRequest> message) {
    String target = message.getContent().getTargetName();
    env.setBusyDeferIdle();
    Map<String, CommInfoReply.CommInfo> open = new LinkedHashMap<>();
    for (Comm comm : commManager) {
      if (target == null || target.equals(comm.getTargetName())) {
        open.put(comm.getID(), new CommInfoReply.CommInfo(comm.getTargetName()));
      }
    }
    env.reply(new CommInfoOkReply(open));
  }

  private static final class ShutdownOkReply {
    @SuppressWarnings("unused") // serialized by Gson
    private final String status = "ok";

    @SuppressWarnings("unused")
    private final boolean restart;

    ShutdownOkReply(boolean restart) {
      this.restart = restart;
    }
  }

  private static final class InterruptOkReply extends InterruptReply {
    @SuppressWarnings("unused") // serialized by Gson
    private final String status = "ok";
  }

  private static final class CommInfoOkReply extends CommInfoReply {
    @SuppressWarnings("unused") // serialized by Gson
    private final String status = "ok";

    CommInfoOkReply(Map<String, CommInfo> comms) {
      super(comms);
    }
  }

  /** The content of an execute_reply for a cell that was not run ({@link RunAllAbort}). */
  private static final class AbortedReply {
    @SuppressWarnings("unused") // serialized by Gson
    private final String status = "aborted";
  }

  @Override
  public DisplayData eval(String code) {
    try {
      DisplayData shown = evalAndRender(code);
      shownOutput =
          shown != null && shown.getData(MIMEType.TEXT_PLAIN) instanceof String text ? text : null;
      return shown;
    } catch (RuntimeException e) {
      if (stopOnError) {
        runAllAbort.failed();
      }
      throw e;
    }
  }

  /**
   * Evaluates a cell and renders its value. Rendering runs user code ({@code toString()}, which may
   * loop forever or overflow the stack), so it runs on the execution thread, where interrupt stops
   * it and what it throws becomes the cell's error; jjava would run it on the shell thread, which
   * an Error ends, and the kernel with it. The text shown is capped ({@link TextLimit}).
   */
  private DisplayData evalAndRender(String code) {
    Object value;
    try {
      value = evalRaw(code);
    } catch (Error e) {
      // jjava answers Exceptions only: an Error from here on would end the shell thread.
      throw CellException.UserError.of(e, List.of(e.toString()));
    }
    if (value == null) {
      return null;
    }
    EvalResult shown =
        engine()
            .call(
                () ->
                    TextLimit.cap(
                        value instanceof DisplayData d ? d : getRenderer().render(value),
                        TextLimit.MAX_CHARS));
    if (shown instanceof EvalResult.Success s) {
      return (DisplayData) s.value();
    }
    if (shown instanceof EvalResult.Interrupted) {
      throw new CellException.InterruptedException();
    }
    EvalResult.Failure f = (EvalResult.Failure) shown;
    List<String> traceback = new ArrayList<>(f.traceback());
    traceback.add("(thrown while displaying the cell's value; the cell itself ran to its end)");
    throw fail(new EvalResult.Failure(f.exception(), traceback));
  }

  private RuntimeException fail(EvalResult.Failure f) {
    EvalResult.Failure nested = lastFailure;
    if (nested != null && nested != f && nested.exception() == f.exception()) {
      // Rethrown from a nested evaluation (a %%track body): its traceback names the body's
      // lines and user frames; the cell's own would add the magic machinery around it.
      f = new EvalResult.Failure(f.exception(), nested.traceback());
    }
    lastFailure = f;
    if (f.exception() instanceof Exception thrown) {
      // Rethrown as is, so Jupyter names the user's exception type (ename) in the error.
      throw TrackbookKernel.<RuntimeException>sneaky(thrown);
    }
    throw CellException.UserError.of(f.exception(), f.traceback());
  }

  /**
   * jjava's {@code BaseNotebookStatics.lineMagic/cellMagic} wrap whatever a magic throws in a
   * RuntimeException("Exception occurred while running line magic ..."); the user wants the magic's
   * own error (often a one-line usage error), so take the cause.
   */
  private static EvalResult.Failure unwrapMagicFailure(EvalResult.Failure f) {
    Throwable t = f.exception();
    StackTraceElement[] frames = t.getStackTrace();
    boolean wrappedByStatics =
        t.getClass() == RuntimeException.class
            && t.getCause() != null
            && frames.length > 0
            && frames[0].getClassName().equals(BaseNotebookStatics.class.getName());
    if (!wrappedByStatics) {
      return f;
    }
    List<String> lines = f.traceback();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(CAUSED_BY)) {
        List<String> cause = new ArrayList<>(lines.subList(i, lines.size()));
        cause.set(0, cause.get(0).substring(CAUSED_BY.length()));
        return new EvalResult.Failure(t.getCause(), cause);
      }
    }
    return new EvalResult.Failure(t.getCause(), List.of(t.getCause().toString()));
  }

  private static final String CAUSED_BY = "Caused by: ";

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> T sneaky(Throwable t) throws T {
    throw (T) t;
  }

  private void refreshRenderers(JShellEngine e) {
    optionalRenderers.refresh(
        name -> {
          try {
            return Class.forName(name, false, e.classLoader());
          } catch (ClassNotFoundException | LinkageError notThere) {
            return null;
          }
        });
  }

  @Override
  public List<String> formatError(Throwable t) {
    List<String> lines;
    EvalResult.Failure failure = lastFailure;
    if (t instanceof CellException c) {
      lines = c.traceback();
    } else if (failure != null && failure.exception() == t) {
      // An exception that records no stack (a magic's usage error) is one line, nothing more. It
      // may come wrapped: BaseNotebookStatics.lineMagic wraps what a magic throws.
      Throwable stackless = t;
      while (stackless != null && stackless.getStackTrace().length != 0) {
        stackless = stackless.getCause();
      }
      lines = stackless != null ? List.of(stackless.toString()) : failure.traceback();
    } else {
      lines = null;
    }
    List<String> styled;
    if (lines == null) {
      styled = super.formatError(t);
    } else {
      styled = new ArrayList<>();
      for (int i = 0; i < lines.size(); i++) {
        styled.add(
            i == 0 ? errorStyler.primary(lines.get(i)) : errorStyler.secondary(lines.get(i)));
      }
    }
    // jjava names the error by the simple class name and message, for the message and the reply.
    lastShownError = new ShownError(t.getClass().getSimpleName(), t.getLocalizedMessage(), styled);
    return styled;
  }

  private record ShownError(String name, String message, List<String> traceback) {}

  private volatile ShownError lastShownError;

  /**
   * The traceback the notebook was last shown for an error of this name and message (jjava formats
   * the error message before it sends the reply), once; null for any other.
   */
  List<String> shownTraceback(String name, String message) {
    ShownError shown = lastShownError;
    if (shown == null || !shown.name().equals(name) || !Objects.equals(shown.message(), message)) {
      return null;
    }
    lastShownError = null;
    return shown.traceback();
  }

  // Jupyter counts cursor positions in Unicode code points (messaging spec 5.2, "cursor_pos"), as
  // Python indexes a str; Java indexes a String in UTF-16 units, two for an emoji. Requests and
  // replies convert at these two methods, so a 😀 earlier in the cell does not shift them.
  private static int charIndex(String code, int codePoints) {
    return code.offsetByCodePoints(0, Math.min(codePoints, code.codePointCount(0, code.length())));
  }

  private static int codePointIndex(String code, int charIndex) {
    return code.codePointCount(0, charIndex);
  }

  @Override
  public DisplayData inspect(String code, int cursorPos, boolean extraDetail) {
    List<String> docs = engine().inspect(code, charIndex(code, cursorPos), extraDetail);
    if (docs.isEmpty()) {
      return null;
    }
    return new DisplayData(String.join("\n\n", docs));
  }

  @Override
  public ReplacementOptions complete(String code, int cursorPos) {
    int at = charIndex(code, cursorPos);
    ReplacementOptions options = completeMagicName(code, at);
    if (options == null) {
      JShellEngine.Completions c = engine().complete(code, at);
      if (c.options().isEmpty()) {
        return null;
      }
      options = new ReplacementOptions(c.options(), c.start(), c.end());
    }
    return new ReplacementOptions(
        options.getReplacements(),
        codePointIndex(code, options.getSourceStart()),
        codePointIndex(code, options.getSourceEnd()));
  }

  // `%met` or `%%tr` at the start of a line (or after `=`), the cursor at its end.
  private static final Pattern MAGIC_NAME_BEFORE_CURSOR =
      Pattern.compile("(?:^|\\n|=)[ \\t]*(%%?)(\\w*)$");

  /** Magic names for a {@code %name} being typed, as IPython completes them; null otherwise. */
  private ReplacementOptions completeMagicName(String code, int at) {
    Matcher m = MAGIC_NAME_BEFORE_CURSOR.matcher(code.substring(0, at));
    if (!m.find() || JavaText.insideLiteralOrComment(code, m.start(1))) {
      return null;
    }
    boolean cell = m.group(1).length() == 2;
    MagicsRegistry registry = getMagicsRegistry();
    List<String> names =
        (cell ? registry.getCellMagicNames() : registry.getLineMagicNames())
            .stream()
                .filter(n -> n.startsWith(m.group(2)) && !n.endsWith("?"))
                .sorted()
                .map(n -> m.group(1) + n)
                .toList();
    return names.isEmpty() ? null : new ReplacementOptions(names, m.start(1), at);
  }

  @Override
  public String isComplete(String code) {
    if (code.stripLeading().startsWith("%%")) {
      return IS_COMPLETE_YES; // a cell magic takes the whole cell, whatever its body is
    }
    if (continuesMagicLine(code)) {
      return "    "; // `%param lr=0.1 \`: the magic goes on on the next line
    }
    String java = withoutMagicLines(code);
    return "incomplete".equals(engine().completeness(java)) ? "    " : IS_COMPLETE_YES;
  }

  /**
   * The cell with its magic lines as the kernel (and the converter) reads them: continued lines
   * joined, comments after the arguments removed.
   */
  private static String magicLinesRead(String code) {
    return MagicComments.stripCell(MagicCalls.joinContinuedLines(code));
  }

  /** Whether the cell's last line is (the end of) a line magic ending in a backslash. */
  private static boolean continuesMagicLine(String code) {
    // Continuation lines are joined into the magic's line and left blank after it; a backslash in
    // a comment continues nothing.
    String joined = magicLinesRead(code).stripTrailing();
    int lastLine = joined.lastIndexOf('\n') + 1;
    return joined.endsWith("\\")
        && MagicCalls.lineMagicStarts(joined).stream().anyMatch(at -> at >= lastLine);
  }

  /** The cell with each line magic that starts a line replaced by an empty statement. */
  private static String withoutMagicLines(String code) {
    String joined = MagicCalls.joinContinuedLines(code);
    StringBuilder java = new StringBuilder(joined);
    List<Integer> starts = MagicCalls.lineMagicStarts(joined);
    for (int i = starts.size() - 1; i >= 0; i--) {
      int at = starts.get(i);
      int lineStart = joined.lastIndexOf('\n', at) + 1;
      int lineEnd = joined.indexOf('\n', at);
      if (joined.substring(lineStart, at).isBlank()) {
        java.replace(lineStart, lineEnd < 0 ? joined.length() : lineEnd, ";");
      }
    }
    return java.toString();
  }

  @Override
  public void interrupt() {
    engine.thenAccept(JShellEngine::interrupt);
  }

  @Override
  public void onShutdown(boolean isRestarting) {
    super.onShutdown(isRestarting);
    engine.thenAccept(JShellEngine::close);
  }

  /**
   * Starts the kernel on a Jupyter connection file and serves until Jupyter shuts it down.
   *
   * @param args the connection file Jupyter wrote ({@code {connection_file}} in the kernelspec)
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: java dev.trackbook.kernel.TrackbookKernel CONNECTION_FILE");
      System.exit(2);
    }
    String json;
    try {
      json = Files.readString(Path.of(args[0]), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      System.err.println("trackbook kernel: no connection file at " + args[0]);
      System.exit(2);
      return;
    }
    quietLogging();
    KernelConnectionProperties properties = KernelConnectionProperties.parse(json);
    TrackbookKernel kernel = builder().build();
    JupyterConnection connection = new FastShellConnection(properties, kernel::shownTraceback);
    kernel.becomeHandlerForConnection(connection);
    connection.connect();
    kernel.onStartup();
    ParentWatch.start(
        System.getenv(),
        () -> {
          System.err.println(
              "trackbook kernel: the process that started it ("
                  + ParentWatch.PARENT_PID
                  + "="
                  + System.getenv(ParentWatch.PARENT_PID)
                  + ") has ended; shutting down");
          System.exit(0);
        });
    connection.waitUntilClose();
    System.exit(0);
  }

  /**
   * jjava logs through slf4j-simple (relocated, so its property name is relocated too): only
   * warnings reach Jupyter's log.
   */
  static void quietLogging() {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    System.setProperty("dev.trackbook.kernel.shaded.slf4j.simpleLogger.defaultLogLevel", "warn");
  }

  /** Builds a {@link TrackbookKernel}. */
  public static final class Builder extends BaseKernelBuilder<Builder, TrackbookKernel> {

    private final List<String> extraClasspath = new ArrayList<>();
    private MavenResolver resolver = MavenResolver.standard();

    private Builder() {
      name(KERNEL_NAME);
      String version = TrackbookKernel.class.getPackage().getImplementationVersion();
      version(version == null ? "dev" : version);
    }

    /** Where {@code %maven} resolves from (default: ~/.m2/repository and Maven Central). */
    public Builder mavenResolver(MavenResolver resolver) {
      this.resolver = resolver;
      return this;
    }

    /** Classpath entries the notebook sees from the start, beyond the kernel's own. */
    public Builder classpath(String pathList) {
      extraClasspath.add(pathList);
      return this;
    }

    @Override
    public TrackbookKernel build() {
      // Errors name the magic as typed: IJava's notebooks call %classpath %jars.
      DependencyMagics.CLASSPATH_NAMES.forEach(
          name -> lineMagic(name, DependencyMagics.classpath("%" + name)));
      MavenClasspath maven = DependencyMagics.mavenClasspath(resolver, new AddedRepositories());
      DependencyMagics.MAVEN_NAMES.forEach(
          name -> lineMagic(name, DependencyMagics.maven("%" + name, maven)));
      cellMagic(DependencyMagics.LOAD_FROM_POM_NAME, DependencyMagics.loadFromPom(maven));
      lineMagic(DependencyMagics.LOAD_FROM_POM_NAME, DependencyMagics.loadFromPomFile(maven));
      DependencyMagics.REPOSITORY_NAMES.forEach(
          name -> lineMagic(name, DependencyMagics.mavenRepo("%" + name, maven.repositories())));
      // `%maven?` as for the tracking magics: jjava reads it as a magic named "maven?".
      lineMagic("classpath?", DependencyMagics.help(DependencyMagics.CLASSPATH_HELP));
      lineMagic("jars?", DependencyMagics.help(DependencyMagics.JARS_HELP));
      lineMagic("addMavenRepo?", DependencyMagics.help(DependencyMagics.MAVEN_REPO_HELP));
      lineMagic("mavenRepo?", DependencyMagics.help(DependencyMagics.MAVEN_REPO_HELP));
      lineMagic("maven?", DependencyMagics.help(DependencyMagics.MAVEN_HELP));
      lineMagic(
          "addMavenDependencies?",
          DependencyMagics.help(DependencyMagics.ADD_MAVEN_DEPENDENCIES_HELP));
      lineMagic(
          "addMavenDependency?",
          DependencyMagics.help(DependencyMagics.ADD_MAVEN_DEPENDENCIES_HELP));
      // `%loadFromPOM?`, and `%%loadFromPOM?` that reads as it (evalRaw's CELL_MAGIC_HELP).
      lineMagic(
          DependencyMagics.LOAD_FROM_POM_NAME + "?",
          DependencyMagics.help(DependencyMagics.LOAD_FROM_POM_HELP));
      MagicParser parser =
          magicParser != null
              ? magicParser
              : new MagicParser(
                  LINE_MAGIC_START,
                  CELL_MAGIC_START,
                  magicTranspiler != null ? magicTranspiler : MagicCalls.transpiler());
      return new TrackbookKernel(
          buildName(),
          buildVersion(),
          buildHistoryManager(),
          buildJupyterIO(buildJupyterIOEncoding()),
          buildCommManager(),
          new KernelRenderer(),
          parser,
          buildMagicsRegistry(),
          buildExtensionsEnabled(),
          buildErrorStyler(),
          List.copyOf(extraClasspath));
    }
  }
}
