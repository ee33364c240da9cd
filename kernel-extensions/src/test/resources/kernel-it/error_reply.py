"""The error reply of a failed cell carries the traceback the notebook shows (its iopub error), as
ipykernel's does: nbconvert, nbclient and papermill report failures from the reply. Prints one
JSON object: per cell, the reply's and the iopub error's ename, evalue and traceback.
"""
import json
import sys

from kernel_client import started_kernel

CELLS = {
    "runtime": "int z = 0;\nint q = 1 / z;",
    "compile": "int x = \"s\";",
    "usage": "%classpath /no/such/dir",
    "unknown_magic": "%nosuchmagic x",
}

out = {}
with started_kernel() as (km, kc):
    for name, code in CELLS.items():
        msg_id = kc.execute(code)
        reply = kc.get_shell_msg(timeout=60)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = kc.get_shell_msg(timeout=60)
        shown = None
        while True:
            msg = kc.get_iopub_msg(timeout=60)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "error":
                shown = msg["content"]
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
        c = reply["content"]
        out[name] = {
            "status": c["status"],
            "reply": [c.get("ename"), c.get("evalue"), c.get("traceback")],
            "shown": [shown["ename"], shown["evalue"], shown["traceback"]] if shown else None,
        }
json.dump(out, sys.stdout)
