"""Drives the installed trackbook-java kernel as JupyterLab's "Run All" does: several execute
requests sent at once. Prints one JSON object with the reply status of each.

With stop_on_error (the default) the cells queued behind a failing one are aborted; without it
they run; a request sent after the error reply runs.
"""
import json
import sys

from kernel_client import started_kernel


def replies(kc, msg_ids, timeout=60):
    found = {}
    while len(found) < len(msg_ids):
        msg = kc.get_shell_msg(timeout=timeout)
        parent = msg["parent_header"].get("msg_id")
        if parent in msg_ids:
            found[parent] = msg["content"]
    return [found[m]["status"] for m in msg_ids]


out = {}
with started_kernel() as (km, kc):
    run_all = [
        kc.execute("int before = 1;"),
        kc.execute("Thread.sleep(300); if (true) throw new IllegalStateException(\"broken\");"),
        kc.execute("int after = 2;"),
        kc.execute("after"),
    ]
    out["run_all"] = replies(kc, run_all)
    # Sent after the error reply: runs, and the aborted cell's variable does not exist.
    out["next"] = replies(kc, [kc.execute("before")])
    out["aborted_never_ran"] = replies(kc, [kc.execute("after")])
    keep_going = [
        kc.execute("if (true) throw new IllegalStateException(\"tolerated\");", stop_on_error=False),
        kc.execute("int later = 3;"),
    ]
    out["without_stop_on_error"] = replies(kc, keep_going)
json.dump(out, sys.stdout)
