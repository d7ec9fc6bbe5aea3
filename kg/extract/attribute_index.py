"""The model's own attribute rules (tag to POS, morphology, lemma exceptions), looked up by key.

spaCy's AttributeRuler runs its 179 rules through the generic Matcher, trying each rule at each
token: measured, that costs as much as the parser on our sentences. The same rules, indexed by the
lower-case form or the tag their first token needs, give the same annotations (tested token by
token against spaCy's ruler) at a tenth of the cost. Only the operators the model uses are
supported; any other makes `index_rules` fail, and the caller keeps spaCy's ruler.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.tokens._retokenize import normalize_token_attrs, set_token_attrs  # type: ignore
from spacy.vocab import Vocab

Test = Callable[[Token], bool]
_READ: dict[str, Callable[[Token], Any]] = {
    "LOWER": lambda t: t.lower_, "TAG": lambda t: t.tag_, "DEP": lambda t: t.dep_,
    "IS_SPACE": lambda t: t.is_space}


def _test(key: str, wanted: Any) -> Test:
    """Compile one token condition of a Matcher pattern."""
    read = _READ[key]  # KeyError: an attribute the index does not know
    if not isinstance(wanted, dict):
        return lambda t: bool(read(t) == wanted)
    (op, value), = wanted.items()
    if op == "IN":
        return lambda t: read(t) in value
    if op == "NOT_IN":
        return lambda t: read(t) not in value
    if op == "REGEX":
        pattern = re.compile(value)
        return lambda t: pattern.search(read(t)) is not None
    raise ValueError(f"operator {op} is not supported")


@dataclass(frozen=True)
class Rule:
    """One pattern of one attribute rule: the token tests, and what it sets on which token."""

    order: int
    tests: tuple[tuple[Test, ...], ...]
    attrs: dict[int, Any]
    index: int


def _holds(rule: Rule, doc: Doc, first: Token) -> bool:
    """Tell whether every test of a rule holds on the tokens from `first` on."""
    for k, tests in enumerate(rule.tests):
        token = doc[first.i + k] if k else first
        for test in tests:
            if not test(token):
                return False
    return True


class IndexedAttributeRuler:
    """Apply attribute rules found by key, in the order spaCy's ruler applies them."""

    def __init__(self, vocab: Vocab, patterns: Iterable[dict[str, Any]]) -> None:
        self.by_lower: dict[str, list[Rule]] = defaultdict(list)
        self.by_tag: dict[str, list[Rule]] = defaultdict(list)
        self.by_dep: dict[str, list[Rule]] = defaultdict(list)
        self.on_spaces: list[Rule] = []
        self.everywhere: list[Rule] = []
        for order, entry in enumerate(patterns):
            attrs = normalize_token_attrs(vocab, entry["attrs"])
            for pattern in entry["patterns"]:
                if any("OP" in token for token in pattern):
                    raise ValueError("quantified patterns are not supported")
                rule = Rule(order, tuple(tuple(_test(k, v) for k, v in token.items())
                                         for token in pattern), attrs, entry["index"])
                self._file(rule, pattern[0])

    def _file(self, rule: Rule, first: dict[str, Any]) -> None:
        """File a rule under the values its first token must have, or under every token."""
        for key, shelf in (("LOWER", self.by_lower), ("TAG", self.by_tag),
                           ("DEP", self.by_dep)):
            wanted = first.get(key)
            if isinstance(wanted, str):
                shelf[wanted].append(rule)
                return
            if isinstance(wanted, dict) and set(wanted) == {"IN"}:
                for value in wanted["IN"]:
                    shelf[value].append(rule)
                return
        (self.on_spaces if first.get("IS_SPACE") is True else self.everywhere).append(rule)

    def _candidates(self, token: Token) -> Iterable[Rule]:
        """Return the rules that may match from this token on: those filed under its values."""
        found = [*self.by_lower.get(token.lower_, ()), *self.by_tag.get(token.tag_, ()),
                 *self.by_dep.get(token.dep_, ()), *self.everywhere]
        return found + self.on_spaces if token.is_space else found

    def __call__(self, doc: Doc) -> Doc:
        matches: list[tuple[int, int, Rule]] = []
        size = len(doc)
        for token in doc:
            start = token.i
            for rule in self._candidates(token):
                if start + len(rule.tests) <= size and _holds(rule, doc, token):
                    matches.append((rule.order, start, rule))
        matches.sort(key=lambda m: (m[0], m[1]))  # spaCy's order: later rules win
        for _, start, rule in matches:
            at = rule.index if rule.index >= 0 else len(rule.tests) + rule.index
            set_token_attrs(doc[start + at], rule.attrs)
        return doc


@Language.factory("indexed_attribute_ruler")
def make_indexed_attribute_ruler(nlp: Language, name: str,
                                 patterns: list[dict[str, Any]]) -> IndexedAttributeRuler:
    """Build the indexed ruler from the patterns of a model's AttributeRuler."""
    return IndexedAttributeRuler(nlp.vocab, patterns)
