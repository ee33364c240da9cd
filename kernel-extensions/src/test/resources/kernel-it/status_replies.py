"""The interrupt, comm_info and shutdown replies as a client receives them. Prints their contents as JSON."""
import json
import sys

from kernel_client import started_kernel


def answer(channel, request):
    while True:
        reply = channel.get_msg(timeout=30)
        if reply["parent_header"].get("msg_id") == request:
            return reply["content"]


def control(kc, msg_type, content):
    msg = kc.session.msg(msg_type, content)
    kc.control_channel.send(msg)
    return answer(kc.control_channel, msg["header"]["msg_id"])


with started_kernel() as (km, kc):
    replies = {"interrupt": control(kc, "interrupt_request", {})}
    replies["comm_info"] = answer(kc.shell_channel, kc.comm_info())
    replies["shutdown"] = control(kc, "shutdown_request", {"restart": False})
    json.dump(replies, sys.stdout)
