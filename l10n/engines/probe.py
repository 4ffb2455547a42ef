"""Whether the online engines are ready: a tiny request each, answered within a short timeout.

`l10n engines` must not call an engine "ready" because its settings look complete: with no
network, or with a server that is down, it is not. Each online engine that is configured
gets one small request (its module's ``probe(config, timeout)`` when it has one, such as
LibreTranslate's language list; else the word "Hello" translated through `Robust`, so a
quota notice counts as a failure). The probes run side by side, so the whole check takes
about one timeout at worst.
"""

from __future__ import annotations

import dataclasses
import importlib
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from l10n.engines.base import (
    ENGINES,
    EngineConfig,
    EngineError,
    EngineInfo,
    EngineSettings,
    redact,
)
from l10n.engines.robust import Robust

__all__ = ["PROBE_TIMEOUT", "checked_infos", "probe_engine"]

PROBE_TIMEOUT = 3.0
PROBE_TEXT = "Hello"


def probe_engine(name: str, settings: EngineSettings, timeout: float = PROBE_TIMEOUT) -> float:
    """Send ``name`` one tiny request; return how many seconds the answer took.

    Raises:
        EngineError: no usable answer within ``timeout`` (one attempt, no retries).
    """
    config = dataclasses.replace(settings.engine(name), timeout=timeout)
    start = time.monotonic()
    hook = _probe_hook(name)
    if hook is not None:
        hook(config, timeout)
    else:
        engine = Robust(ENGINES[name](config), timeout=timeout, retries=0)
        info = ENGINES[name].info(config)
        target = "fr" if not info.languages or "fr" in info.languages else next(
            lang for lang in info.languages if not lang.startswith("en"))
        engine.translate([PROBE_TEXT], source="en", target=target)
    return time.monotonic() - start


def _probe_hook(name: str) -> Callable[[EngineConfig, float], None] | None:
    module = importlib.import_module(f"l10n.engines.{ENGINES[name].module}")
    hook = getattr(module, "probe", None)
    return hook if callable(hook) else None


def checked_infos(settings: EngineSettings, *, probe: bool = True,
                  timeout: float = PROBE_TIMEOUT) -> list[EngineInfo]:
    """Every engine with its state: offline ones as configured, online ones as probed.

    Args:
        probe: False (``--offline``): contact nothing; configured online engines are
            "not checked".
        timeout: seconds each probe may take.
    """
    infos = [spec.info(settings.engine(name)) for name, spec in ENGINES.items()]
    to_probe = [i for i in infos if i.online and i.available]
    results: dict[str, float | EngineError] = {}
    if probe and to_probe:
        with ThreadPoolExecutor(max_workers=len(to_probe)) as pool:
            futures = {i.name: pool.submit(_attempt, i.name, settings, timeout)
                       for i in to_probe}
            results = {name: future.result() for name, future in futures.items()}
    return [_with_state(info, results.get(info.name), probe, settings) for info in infos]


def _attempt(name: str, settings: EngineSettings, timeout: float) -> float | EngineError:
    try:
        return probe_engine(name, settings, timeout)
    except EngineError as exc:
        return exc
    except Exception as exc:  # a broken engine module must not break the listing
        secrets = settings.engine(name).secrets
        return EngineError(name, f"{type(exc).__name__}: {redact(str(exc), secrets)[:200]}")


def _with_state(info: EngineInfo, result: float | EngineError | None, probed: bool,
                settings: EngineSettings) -> EngineInfo:
    if info.state:
        return info
    if not info.available:
        return dataclasses.replace(info, state="unavailable")
    if not info.online:
        return dataclasses.replace(info, state="ready")
    if not probed:
        return dataclasses.replace(info, state="not checked",
                                   reason="not contacted (--offline)")
    if isinstance(result, EngineError):
        reason = redact(result.reason, settings.engine(info.name).secrets)
        return dataclasses.replace(info, available=False, state="unavailable",
                                   reason=f"no answer to a probe: {reason}")
    return dataclasses.replace(info, state="ready",
                               reason=f"answered a probe in {result or 0.0:.1f}s")
