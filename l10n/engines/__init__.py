"""Machine-translation engines behind one small interface (see base.py), plus Robust.

Engines are registered by name in ``ENGINES`` and built with ``get_engine(name,
settings)``; their modules (and optional dependencies such as deep-translator or
CTranslate2) are imported only when an engine is built or described.
"""

from l10n.engines.base import (
    ENGINES,
    EngineConfig,
    EngineError,
    EngineInfo,
    EngineLimits,
    EngineSettings,
    EngineSpec,
    TextTooLong,
    TranslationEngine,
    UnsupportedLanguage,
    engine_infos,
    get_engine,
    provider_code,
)
from l10n.engines.robust import EngineStats, Robust

__all__ = [
    "ENGINES",
    "EngineConfig",
    "EngineError",
    "EngineInfo",
    "EngineLimits",
    "EngineSettings",
    "EngineSpec",
    "EngineStats",
    "Robust",
    "TextTooLong",
    "TranslationEngine",
    "UnsupportedLanguage",
    "engine_infos",
    "get_engine",
    "provider_code",
]
