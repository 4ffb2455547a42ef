"""What an engine that can use context is told about the texts of a run (issue 12).

Engines translate sentences one by one or in batches and see nothing else. Some can do
better when told more: the `llm` engine takes the release's title, the neighbouring
sentences, the glossary and examples from the memory into its prompt; DeepL takes the
neighbouring sentences as its ``context`` parameter. Pre-translation builds one `Context`
per language and gives it to every engine that has a ``context`` attribute; the others
(LibreTranslate, the offline models) keep translating single sentences.

Nothing here changes what is cached: a cached answer is reused whatever its context was.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from l10n.glossary.model import Glossary, Term

Examples = Callable[[str], "list[tuple[int, str, str]]"]


@dataclass(frozen=True)
class Release:
    """One release's texts in document order, and its title."""

    title: str
    texts: Sequence[str]


@dataclass
class Context:
    """The surroundings of the texts of one target language.

    Attributes:
        target: the target language.
        glossary: the workspace's glossary (terms found in a batch go into the prompt).
        examples: ``text -> [(score, source, translation), ...]``: close matches from
            the translation memory, best first.
        titles: text -> the title of its release.
        before / after: text -> the sentence before / after it in its release.
    """

    target: str
    glossary: Glossary | None = None
    examples: Examples | None = None
    titles: dict[str, str] = field(default_factory=dict)
    before: dict[str, str] = field(default_factory=dict)
    after: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, target: str, releases: Sequence[Release], *, glossary: Glossary | None = None,
           examples: Examples | None = None) -> Context:
        """The context of every text of ``releases`` (a text met twice keeps its first place)."""
        ctx = cls(target, glossary, examples)
        for release in releases:
            texts = [t for t in release.texts if t]
            for i, text in enumerate(texts):
                key = text.strip()
                if key in ctx.titles:
                    continue
                ctx.titles[key] = release.title
                if i > 0:
                    ctx.before[key] = texts[i - 1]
                if i + 1 < len(texts):
                    ctx.after[key] = texts[i + 1]
        return ctx

    def title(self, texts: Sequence[str]) -> str:
        """The title of the release the first known text of ``texts`` belongs to ("" if none)."""
        for text in texts:
            found = self.titles.get(text.strip())
            if found:
                return found
        return ""

    def neighbours(self, texts: Sequence[str]) -> list[str]:
        """The sentences around ``texts`` that are not themselves among them, in order."""
        inside = {t.strip() for t in texts}
        found: list[str] = []
        for text in texts:
            key = text.strip()
            for other in (self.before.get(key), self.after.get(key)):
                if other and other.strip() not in inside and other not in found:
                    found.append(other)
        return found

    def terms(self, texts: Sequence[str]) -> list[Term]:
        """The glossary terms that occur in ``texts`` and have a rendering in the target."""
        if self.glossary is None:
            return []
        found: dict[str, Term] = {}
        for text in texts:
            for match in self.glossary.find(text):
                if self.glossary.rendering(match.term, self.target) is not None:
                    found.setdefault(match.term.term, match.term)
        return list(found.values())

    def close_matches(self, texts: Sequence[str], limit: int = 3) -> list[tuple[str, str]]:
        """Up to ``limit`` memory matches for ``texts``, best score first, no duplicates."""
        if self.examples is None:
            return []
        scored: dict[str, tuple[int, str]] = {}
        for text in texts:
            for score, source, target in self.examples(text.strip()):
                if source.strip() in {t.strip() for t in texts}:
                    continue
                if source not in scored or scored[source][0] < score:
                    scored[source] = (score, target)
        best = sorted(scored.items(), key=lambda item: (-item[1][0], item[0]))[:limit]
        return [(source, target) for source, (_, target) in best]
