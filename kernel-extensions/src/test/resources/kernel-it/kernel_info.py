"""The kernel_info_reply as a client receives it. Prints its content as JSON."""
import json
import sys

from kernel_client import started_kernel

with started_kernel() as (km, kc):
    json.dump(kc.kernel_info(reply=True, timeout=30)["content"], sys.stdout)
