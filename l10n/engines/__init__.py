"""Machine-translation engines behind one small interface (see base.py), plus Robust.

Engines are registered by name in ``ENGINES`` and built with ``get_engine(name,
settings)``; their modules (and optional dependencies such as deep-translator or
CTranslate2) are imported only when an engine is built or described. May import
``l10n.workspace``, ``l10n.documents``, ``l10n.catalog``, ``l10n.memory`` and ``l10n.glossary``.
"""

from l10n.engines.base import (
    ENGINES,
    EngineConfig,
    EngineError,
    EngineInfo,
    EngineLimits,
    EngineSettings,
    EngineSpec,
    RejectedAnswer,
    TextTooLong,
    TranslationEngine,
    UnsupportedLanguage,
    check_chains,
    engine_infos,
    get_engine,
    provider_code,
)
from l10n.engines.robust import EngineStats, Robust, Translated

__all__ = [
    "ENGINES",
    "EngineConfig",
    "EngineError",
    "EngineInfo",
    "EngineLimits",
    "EngineSettings",
    "EngineSpec",
    "EngineStats",
    "RejectedAnswer",
    "Robust",
    "Translated",
    "TextTooLong",
    "TranslationEngine",
    "UnsupportedLanguage",
    "check_chains",
    "engine_infos",
    "get_engine",
    "provider_code",
]
