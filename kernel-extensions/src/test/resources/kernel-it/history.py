"""The kernel answers history_request as jupyter console asks it when it starts (tail), and as
the spec's range and search read, with status "ok". Prints one JSON object: the content of each
history reply.
"""
import json
import sys

from kernel_client import started_kernel


def run(kc, code, **kwargs):
    msg_id = kc.execute(code, **kwargs)
    while True:
        reply = kc.get_shell_msg(timeout=60)
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply["content"]


def history(kc, **kwargs):
    msg_id = kc.history(**kwargs)
    while True:
        reply = kc.get_shell_msg(timeout=30)
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply["content"]


out = {}
with started_kernel() as (km, kc):
    run(kc, "int a = 1;")
    run(kc, "a + 1")
    run(kc, "int hidden = 2;", silent=True)
    run(kc, "int unstored = 3;", store_history=False)
    run(kc, "throw new IllegalStateException();")
    run(kc, "a + 1")
    # As jupyter console asks at start (a ZMQHistoryManager tail of its history_load_length).
    out["tail"] = history(kc, hist_access_type="tail", n=1000)
    out["tail_2"] = history(kc, hist_access_type="tail", n=2)
    out["range"] = history(kc, hist_access_type="range", session=0, start=2, stop=0, output=True)
    out["earlier_session"] = history(kc, hist_access_type="range", session=-1, start=1, stop=0)
    out["search"] = history(kc, hist_access_type="search", pattern="a *", n=10, unique=True)
json.dump(out, sys.stdout)
