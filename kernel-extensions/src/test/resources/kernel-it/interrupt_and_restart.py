"""Drives the installed trackbook-java kernel with Jupyter's own client (jupyter_client).

Prints one JSON object: how long an interrupt of `while(true){}` (and of a value whose toString()
never returns) took, what the interrupted cell replied, whether their threads ended, and what
`1 + 1` gave after the interrupts and after a restart.
"""
import json
import sys
import time

from kernel_client import started_kernel


def run(kc, code, timeout=60):
    msg_id = kc.execute(code)
    result = None
    while True:
        msg = kc.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind = msg["msg_type"]
        if kind == "execute_result":
            result = msg["content"]["data"].get("text/plain")
        if kind == "status" and msg["content"]["execution_state"] == "idle":
            return result


def reply_to(kc, msg_id, timeout):
    while True:
        msg = kc.get_shell_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg["content"]


def interrupted(kc, km, code):
    """Runs code, interrupts it after a second; how long the interrupt took, and the reply."""
    msg_id = kc.execute(code)
    time.sleep(1.0)
    started = time.monotonic()
    km.interrupt_kernel()
    content = reply_to(kc, msg_id, timeout=30)
    return time.monotonic() - started, content


out = {}
with started_kernel() as (km, kc):
    out["warm"] = run(kc, "1 + 1")
    seconds, content = interrupted(kc, km, "while (true) {}")
    out["interrupt_seconds"] = seconds
    out["interrupted_status"] = content.get("status")
    out["interrupted_ename"] = content.get("ename")
    out["after_interrupt"] = run(kc, "1 + 1")
    # A value whose toString() never returns: displaying it is user code too, and stops the same way.
    run(kc, "class Endless { public String toString() { while (true) {} } }")
    seconds, content = interrupted(kc, km, "new Endless()")
    out["display_interrupt_seconds"] = seconds
    out["display_interrupted_status"] = content.get("status")
    out["after_display_interrupt"] = run(kc, "1 + 1")
    # A parallel stream spins on the common pool's workers too: they must stop with the cell, and
    # the pool must serve the next cell.
    seconds, content = interrupted(kc, km, "java.util.stream.IntStream.range(0, 64).parallel().forEach(i -> { while (true) {} })")
    out["parallel_interrupted_status"] = content.get("status")
    out["common_pool_after_interrupt"] = run(kc, "java.util.concurrent.ForkJoinPool.commonPool().submit(() -> 42).get(10, java.util.concurrent.TimeUnit.SECONDS)")
    # The interrupted cells' threads must end, not spin on beside the kernel (Thread.stop is gone on
    # Java 20+): count the other execution threads still alive, waiting up to 3 s for them to go.
    out["threads_left_spinning"] = run(kc, """
long left = 0;
for (long deadline = System.currentTimeMillis() + 3000; System.currentTimeMillis() < deadline; Thread.sleep(50)) {
  left = Thread.getAllStackTraces().keySet().stream()
      .filter(t -> t.getName().startsWith("trackbook-jshell-exec") && t != Thread.currentThread()).count();
  if (left == 0) break;
}
left""")
    km.restart_kernel(now=True)
    kc.wait_for_ready(timeout=60)
    out["after_restart"] = run(kc, "1 + 1")
    out["variable_gone_after_restart"] = run(kc, "int fresh = 5;\nfresh")
json.dump(out, sys.stdout)
