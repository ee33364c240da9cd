"""Kernel start-up and round-trip benchmark, measured with Jupyter's own client (jupyter_client).

For the kernelspec named on the command line: cold start (start_kernel() until the result of the
first `1 + 1` arrives), the median and p90 round trip of a trivial cell (execute_request sent until
the kernel reports idle), the median round trip of a cell that is one cheap line magic (the Java
kernel: `%classpath` of a jar already on the class path; IPython: `%pwd`), the trivial cell's median again once
1,000 cells that each show a value ran (a long interactive session), the kernel process's RSS at the end, and shutdown (shutdown_request sent
until the process has exited: what a notebook's "shut down" or a smoke test's teardown waits for).
Not a test: it prints figures.
"""
import os
import statistics
import sys
import time

import jupyter_client

ROUNDS = 100
LONG_SESSION = 1000


def run(kc, code):
    """Sends a cell; returns when its execute_reply and its idle status both arrived."""
    msg_id = kc.execute(code)
    while True:
        reply = kc.get_shell_msg(timeout=120)
        if reply["parent_header"].get("msg_id") == msg_id:
            break
    while True:
        msg = kc.get_iopub_msg(timeout=120)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return


def wait_for_iopub(kc):
    """Until iopub is subscribed: messages published before that are lost (ZeroMQ PUB/SUB)."""
    while True:
        msg_id = kc.kernel_info()
        try:
            while True:
                msg = kc.get_iopub_msg(timeout=0.2)
                if msg["parent_header"].get("msg_id") == msg_id:
                    return
        except Exception:
            continue


def rss_mib(km):
    try:
        pid = km.provisioner.process.pid
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except Exception:
        return float("nan")
    return float("nan")


def shutdown_seconds(km, kc):
    """shutdown_request on the control channel until the kernel process has exited."""
    process = km.provisioner.process
    t0 = time.perf_counter()
    kc.shutdown()
    while process.poll() is None and time.perf_counter() - t0 < 30:
        time.sleep(0.002)
    return time.perf_counter() - t0


def median_round_trip(kc, code, rounds):
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        run(kc, code)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return times


def bench(kernel_name, trivial, magic):
    started = time.perf_counter()
    km = jupyter_client.KernelManager(kernel_name=kernel_name)
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=120)
        wait_for_iopub(kc)
        run(kc, "1 + 1")
        cold = time.perf_counter() - started
        for _ in range(10):  # warm-up, not measured
            run(kc, trivial)
        times = median_round_trip(kc, trivial, ROUNDS)
        for _ in range(10):
            run(kc, magic)
        magic_median = statistics.median(median_round_trip(kc, magic, ROUNDS))
        for _ in range(LONG_SESSION - ROUNDS - 10):
            run(kc, trivial)
        long_median = statistics.median(median_round_trip(kc, trivial, ROUNDS))
        rss = rss_mib(km)
        down = shutdown_seconds(km, kc)
        return (
            cold,
            statistics.median(times),
            times[int(len(times) * 0.9)],
            magic_median,
            long_median,
            rss,
            down,
        )
    finally:
        kc.stop_channels()
        if km.is_alive():
            km.shutdown_kernel(now=True)


if sys.argv[1:2] == ["--header"]:
    print(
        f"{'kernel':<18}{'cold start to 1st result':>26}{'round trip median':>20}{'p90':>10}"
        f"{'magic line':>13}{'after 1,000 cells':>20}{'RSS':>10}{'shutdown':>11}"
    )
    sys.exit(0)
# One kernel per process: jupyter_client state is not shared between runs.
for name in sys.argv[1:]:
    magic = "%pwd" if name == "python3" else "%classpath " + os.environ["BENCH_JAR_ON_CLASSPATH"]
    cold, median, p90, magic_median, long_median, rss, down = bench(name, "1", magic)
    print(
        f"{name:<18}{cold:>24.2f} s{median:>17.1f} ms{p90:>7.1f} ms{magic_median:>10.1f} ms"
        f"{long_median:>17.1f} ms{rss:>6.0f} MiB"
        f"{down * 1000:>8.0f} ms",
        flush=True,
    )
