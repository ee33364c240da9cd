"""Drives the installed trackbook-java kernel with Jupyter's own client (jupyter_client).

Prints one JSON object: how long an interrupt of `while(true){}` (and of a value whose toString()
never returns) took, what the interrupted cell replied, and what `1 + 1` gave after the interrupts
and after a restart. JUPYTER_PATH must point at
the kernelspec's share/jupyter directory.
"""
import json
import sys
import time

import jupyter_client


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


km = jupyter_client.KernelManager(kernel_name="trackbook-java")
km.start_kernel()
kc = km.client()
kc.start_channels()
out = {}
try:
    kc.wait_for_ready(timeout=60)
    out["warm"] = run(kc, "1 + 1")
    msg_id = kc.execute("while (true) {}")
    time.sleep(1.0)
    started = time.monotonic()
    km.interrupt_kernel()
    content = reply_to(kc, msg_id, timeout=30)
    out["interrupt_seconds"] = time.monotonic() - started
    out["interrupted_status"] = content.get("status")
    out["interrupted_ename"] = content.get("ename")
    out["after_interrupt"] = run(kc, "1 + 1")
    # A value whose toString() never returns: displaying it is user code too, and stops the same way.
    run(kc, "class Endless { public String toString() { while (true) {} } }")
    msg_id = kc.execute("new Endless()")
    time.sleep(1.0)
    started = time.monotonic()
    km.interrupt_kernel()
    content = reply_to(kc, msg_id, timeout=30)
    out["display_interrupt_seconds"] = time.monotonic() - started
    out["display_interrupted_status"] = content.get("status")
    out["after_display_interrupt"] = run(kc, "1 + 1")
    km.restart_kernel(now=True)
    kc.wait_for_ready(timeout=60)
    out["after_restart"] = run(kc, "1 + 1")
    out["variable_gone_after_restart"] = run(kc, "int fresh = 5;\nfresh")
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=True)
json.dump(out, sys.stdout)
