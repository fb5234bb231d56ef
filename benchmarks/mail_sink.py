"""An SMTP server (aiosmtpd) that keeps the recipients of every message it accepts, so a
benchmark counts what the mail server received rather than what the sender believes it sent.

    sink = MailSink(port)      # a separate process, so it does not share the sender's CPU
    sink.reset(); ...send...; received = sink.report()   # {"recipients": [...], "last": t}
    sink.close()

`last` is the wall-clock time (time.time()) at which the last message was accepted.
"""

import json
import subprocess
import sys
import threading
import time


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        with self.lock:
            self.recipients, self.last = [], None

    async def handle_DATA(self, _server, _session, envelope):
        with self.lock:
            self.recipients.extend(envelope.rcpt_tos)
            self.last = time.time()
        return "250 OK"

    def report(self):
        with self.lock:
            return {"recipients": list(self.recipients), "last": self.last}


def serve(port: int) -> None:
    """Answers 'reset' and 'report' on stdin, one JSON line each on stdout."""
    from aiosmtpd.controller import Controller

    recorder = Recorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    print(json.dumps("ready"), flush=True)
    for line in sys.stdin:
        command = line.strip()
        if command == "reset":
            recorder.reset()
            print(json.dumps("ok"), flush=True)
        elif command == "report":
            print(json.dumps(recorder.report()), flush=True)
    controller.stop()


class MailSink:
    def __init__(self, port: int):
        self.port = port
        self.process = subprocess.Popen(
            [sys.executable, __file__, str(port)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self._answer() == "ready"

    def _answer(self):
        return json.loads(self.process.stdout.readline())

    def _ask(self, command):
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        return self._answer()

    def reset(self):
        self._ask("reset")

    def report(self) -> dict:
        return self._ask("report")

    def close(self):
        self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


if __name__ == "__main__":
    serve(int(sys.argv[1]))
