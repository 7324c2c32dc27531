"""Double-forks, detaches with setsid, and sleeps past the end of grading."""

import os
import time


def spawn_daemon():
    read_end, write_end = os.pipe()
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            os.write(write_end, str(os.getpid()).encode())
            os.close(write_end)
            for fd in range(3, 64):
                try:
                    os.close(fd)
                except OSError:
                    pass
            time.sleep(300)
            os._exit(0)
        os._exit(0)
    os.close(write_end)
    return int(os.read(read_end, 32))


daemon_pid = spawn_daemon()


def daemon():
    return daemon_pid


def another_daemon():
    return spawn_daemon()
