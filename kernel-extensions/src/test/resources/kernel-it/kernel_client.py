"""What the kernel-it scripts share: the installed trackbook-java kernel, started and ready, with a client.

JUPYTER_PATH must point at the kernelspec's share/jupyter directory.
"""
import contextlib

import jupyter_client


@contextlib.contextmanager
def started_kernel():
    km = jupyter_client.KernelManager(kernel_name="trackbook-java")
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=60)
        yield km, kc
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
