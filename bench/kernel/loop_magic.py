"""Per-pass cost of a line magic inside a loop (`%metric loss=loss`, inlined so it reads the loop's
local) next to the call it stands for (`Tracking.metric("loss", loss)`), in one kernel, alternating,
with Jupyter's own client. The tracking server is unreachable on purpose: the values go to the
client's journal, so the figure is the kernel's and the client's own cost, not the network's.
Not a test: it prints figures.
"""
import sys

import jupyter_client

PASSES = 200_000
BODIES = {
    "Tracking.metric": 'dev.trackbook.client.Tracking.metric("loss", loss);',
    "%metric": "%metric loss=loss",
}


def run(kc, code):
    out = []

    def hook(msg):
        if msg["msg_type"] == "stream":
            out.append(msg["content"]["text"])
        elif msg["msg_type"] == "error":
            raise RuntimeError(msg["content"]["evalue"])

    kc.execute_interactive(code, output_hook=hook, timeout=600)
    return "".join(out)


def loop(kc, body):
    code = (
        "long t0 = System.nanoTime();\n"
        f"for (int i = 0; i < {PASSES}; i++) {{\n"
        "  double loss = 1.0 / (i + 1);\n"
        f"  {body}\n"
        "}\n"
        f"System.out.println((System.nanoTime() - t0) / {PASSES}.0);"
    )
    return float(run(kc, code).strip())


km, kc = jupyter_client.manager.start_new_kernel(kernel_name=sys.argv[1] if len(sys.argv) > 1 else "trackbook-java")
try:
    run(kc, "%tracking http://127.0.0.1:9")  # nothing listens there: journal only
    run(kc, "%experiment loop-magic-bench")
    run(kc, "%run start")
    times = {name: [] for name in BODIES}
    for _ in range(3):  # the first round warms the JIT; rounds alternate the two bodies
        for name, body in BODIES.items():
            times[name].append(loop(kc, body))
    direct = min(times["Tracking.metric"][1:])
    magic = min(times["%metric"][1:])
    print(f"per pass (best of rounds 2-3, {PASSES:,} passes): Tracking.metric {direct:.0f} ns, %metric {magic:.0f} ns ({magic / direct:.2f}x)")
finally:
    km.shutdown_kernel(now=True)
