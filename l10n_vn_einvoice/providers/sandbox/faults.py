"""Faults the sandbox injects on demand, per operation, a given number of times.

Tests and the demo script real failure modes (slow answers, lost answers, garbled bodies,
provider error codes) without patching any client: the client sees them over HTTP.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

KINDS = ("latency", "timeout", "http500", "http503", "soap_fault", "malformed", "err",
         "lost_after_commit", "reset")
# A provider that answers, but not honestly (the contracts that support it say how): the
# hash of another invoice than the one sent, an issued XML altered after signing.
MISBEHAVIOURS = ("wrong_digest", "tampered_xml")
KINDS += MISBEHAVIOURS


@dataclass
class Fault:
    kind: str
    seconds: float = 0.0
    code: str = ""
    count: int = 1  # -1 = forever

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r} (known: {', '.join(KINDS)})")
        if self.count == 0 or self.count < -1:
            raise ValueError("fault count must be positive, or -1 for forever")


class FaultPlan:
    """Faults waiting per operation name; ``"*"`` matches every operation."""

    def __init__(self):
        self._lock = threading.Lock()
        self._faults: list[tuple[str, Fault]] = []

    def add(self, operation: str, fault: Fault) -> None:
        with self._lock:
            self._faults.append((operation, Fault(fault.kind, fault.seconds, fault.code,
                                                  fault.count)))

    def take(self, operation: str) -> Fault | None:
        """The first matching fault, consuming one of its uses."""
        with self._lock:
            for index, (name, fault) in enumerate(self._faults):
                if name not in (operation, "*"):
                    continue
                if fault.count > 0:
                    fault.count -= 1
                    if fault.count == 0:
                        del self._faults[index]
                return Fault(fault.kind, fault.seconds, fault.code, 1)
            return None

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def pending(self) -> list[tuple[str, Fault]]:
        with self._lock:
            return [(name, Fault(f.kind, f.seconds, f.code, f.count)) for name, f in self._faults]


def parse_fault_spec(spec: str) -> tuple[str, Fault]:
    """``OP:KIND[:ARG][:COUNT]`` from the command line.

    ARG is seconds for latency/timeout, the code for err (``ERR:`` prefix optional);
    COUNT defaults to 1, ``-1`` or ``forever`` for always.
    """
    parts = spec.split(":")
    if len(parts) < 2 or not parts[0]:
        raise ValueError(f"fault {spec!r} must look like OP:KIND[:ARG][:COUNT]")
    operation, kind, rest = parts[0], parts[1], parts[2:]
    if kind == "err" and rest and rest[0] == "ERR":
        rest = rest[1:]
    arg = rest[0] if rest else ""
    count_text = rest[1] if len(rest) > 1 else "1"
    count = -1 if count_text in ("-1", "forever") else int(count_text)
    if kind in ("latency", "timeout"):
        return operation, Fault(kind, seconds=float(arg or 0), count=count)
    if kind == "err":
        return operation, Fault(kind, code=arg, count=count)
    if arg and len(rest) == 1:
        count = -1 if arg in ("-1", "forever") else int(arg)
    return operation, Fault(kind, count=count)
