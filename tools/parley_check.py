#!/usr/bin/env python3
"""parley_check.py: an independent checker of parley's certificates (`parley-certificate/1`).

    python3 tools/parley_check.py [--quiet] SCENARIO CERT      (CERT may be `-`: standard input)

SCENARIO is the native YAML file, or a GENIUS / GeniusWeb folder or domain file. The checker
  1. finds the files the certificate names (plain names, in SCENARIO's folder) and compares
     their SHA-256 with the certificate's;
  2. reads the issues and the parties' preferences from those very bytes, in exact rational
     arithmetic (a decimal such as 0.35 is the rational 7/20, never a binary float), and requires
     the certificate's issues and model (reservation values d_i, contributions v_ik(v)) to be
     exactly these numbers (else every claim is rejected);
  3. verifies every claim from its proof. Trees are walked with an explicit stack; each leaf is
     checked with one primitive, for a node N and a coefficient vector c (one per party),
        maxw(N, c) = sum_{fixed k} sum_i c_i v_ik(x_k) + sum_{free k} max_v sum_i c_i v_ik(v),
     the exact maximum of sum_i c_i u_i(y) over the packages y of N (utilities are additive).
It prints one line per claim and `N claims: A ok, R rejected, U not checked`; exit status 0 (no
claim rejected), 1 (a claim rejected, or files or model not the certificate's) or 2 (an input
cannot be read: the message names the file and the field).

Specification: docs/certificates.md (../shared/docs/specs/certificates.md for the background);
file formats: docs/scenario-format.md, ../shared/docs/genius-format.md. Methods: McConnell,
Mehlhorn, Naeher & Schweitzer, "Certifying algorithms", Computer Science Review 5(2), 2011;
Cheung, Gleixner & Steffy, "Verifying integer programming results" (VIPR), IPCO 2017; Geoffrion,
"Proper efficiency and the theory of vector maximization", J. Math. Anal. Appl. 22, 1968.
It shares no code with parley or with parley-check (C++): Python's standard library and PyYAML.

Readings where the specification leaves room (shared with parley-check): an unknown claim or leaf
kind, a duplicate JSON key, a tree node of the wrong shape or depth, a bad index or label is an
unreadable input (status 2); a known leaf kind a claim does not take is a rejection. A KS claim
whose proof holds but whose ideal claim is only verified by enumeration is "not checked".
"""
import argparse
import hashlib
import json
import os
import re
import stat
import sys
import threading
import xml.etree.ElementTree as ET
from fractions import Fraction
from math import lcm, prod

import yaml

ZERO, ONE = Fraction(0), Fraction(1)
MAX_VALUES, MAX_FILE = 1_000_000, 16 << 20  # values per issue; bytes per scenario file


class InputError(Exception):
    """An input that cannot be read: exit status 2."""


class Mismatch(Exception):
    """The files, issues or model are not the certificate's: every claim is rejected."""


def fail(where, field, message):
    raise InputError(f"{where}: {field}: {message}")


class Num(str):
    """A JSON number, kept as the text written."""


def kind_of(x):
    if isinstance(x, str):
        return (f"the number {x[:40]}" if isinstance(x, Num) else f"'{x[:40]}'") + \
            ("..." if len(x) > 40 else "")
    return {dict: "a mapping", list: "a list", type(None): "nothing"}.get(type(x), "a value")


def show(q):
    text = str(q)
    return text if len(text) <= 60 else f"{text[:25]}...({len(text)} characters)"


def vec(values):
    return "[" + ", ".join(show(x) for x in values) + "]"


def dot(a, b):
    return sum((x * y for x, y in zip(a, b)), ZERO)


# ---- reading scenario files ------------------------------------------------------------------
DECIMAL = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE]([+-]?[0-9]{1,6}))?")
BOOLEANS = {spelt: word in ("true", "yes", "on") for word in ("true", "yes", "on", "false", "no",
                                                               "off")
            for spelt in (word, word.capitalize(), word.upper())}


def decimal(x, where, field):
    """A number written in a file (`0.35`, `1e-3`, `+.5`, `7`), as the rational it denotes."""
    match = DECIMAL.fullmatch(x.strip()) if isinstance(x, str) and len(x) <= 1000 else None
    if not match or abs(int(match.group(1) or 0)) > 400:
        fail(where, field, f"found {kind_of(x)}, expected a finite decimal number")
    return Fraction(x.strip())


def mapping(x, where, field, keys=None):
    if not isinstance(x, dict):
        fail(where, field, f"found {kind_of(x)}, expected a mapping")
    unknown = sorted(set(x) - keys) if keys else []
    if unknown:
        fail(where, field, f"unknown key '{unknown[0]}', expected one of {', '.join(sorted(keys))}")
    return x


def listof(x, where, field):
    if not isinstance(x, list):
        fail(where, field, f"found {kind_of(x)}, expected a list")
    return x


def name(x, where, field):
    if not isinstance(x, str) or not x:
        fail(where, field, f"found {kind_of(x)}, expected a name")
    return str(x)


def clamp01(e):
    return min(max(e, ZERO), ONE)


class Issue:
    """An issue as read from a file: categorical (labels) or integer (lower, ..., upper)."""

    def __init__(self, name, labels, where, lower=None):
        self.name, self.labels, self.lower = name, labels, lower
        self.numbers = None if lower is None else range(lower, lower + len(labels))
        self.index = {label: v for v, label in enumerate(labels)}
        if not 0 < len(self.index) == len(labels) <= MAX_VALUES:
            fail(where, f"issue '{name}'", f"expected 1 to {MAX_VALUES} distinct values")

    @staticmethod
    def integer(name, lower, upper, where):
        if not 0 <= upper - lower < MAX_VALUES:
            fail(where, f"issue '{name}'", f"range [{lower}, {upper}], expected lower <= upper "
                 f"and at most {MAX_VALUES} values")
        return Issue(name, [str(x) for x in range(lower, upper + 1)], where, lower)

    def find(self, label):
        """The index of a value named in a file (an integer also as `3.0`), or None."""
        if self.numbers is None or not isinstance(label, str):
            return self.index.get(label) if isinstance(label, str) else None
        try:
            x = decimal(label, "", "")
        except InputError:
            return None
        return int(x) - self.lower if x.denominator == 1 and int(x) in self.numbers else None


def contributions(weights, tables, tolerance, where):
    """v_k(v) = w_k e_k(v); the weights are divided by their sum S when |S - 1| > tolerance."""
    total = sum(weights)
    if total == 0 or min(weights) < 0:
        fail(where, "weights", "expected weights >= 0, at least one of them positive")
    if abs(total - 1) > tolerance:
        weights = [w / total for w in weights]
    return [[w * e for e in table] for w, table in zip(weights, tables)]


def utility(contrib, package):  # a partial package (None for an issue) counts its issues only
    return sum((contrib[k][v] for k, v in enumerate(package) if v is not None), ZERO)


def read_file(folder, file, limit=MAX_FILE):
    try:
        if not stat.S_ISREG(os.stat(os.path.join(folder, file)).st_mode):
            fail(file, "path", "not a regular file (a folder, a FIFO, a device...)")
        with open(os.path.join(folder, file), "rb") as f:
            data = f.read() if limit is None else f.read(limit + 1)
    except OSError as error:
        fail(file, "path", f"cannot be read ({error.strerror or error})")
    if limit is not None and len(data) > limit:
        fail(file, "file size", f"more than {limit} bytes")
    return data


def parse_json(data, file):
    def constant(word):
        fail(file, "JSON", f"found {word}, expected a finite number")

    def unique(pairs):
        obj = dict(pairs)
        if len(obj) != len(pairs):
            keys = [key for key, _ in pairs]
            fail(file, "JSON", f"key '{next(k for k in keys if keys.count(k) > 1)}' twice in "
                 "an object, expected each key once")
        return obj
    try:
        return json.loads(data.decode("utf-8-sig"), parse_int=Num, parse_float=Num,
                          parse_constant=constant, object_pairs_hook=unique)
    except (ValueError, RecursionError) as error:  # (UnicodeDecodeError is a ValueError)
        fail(file, "JSON", f"malformed JSON ({str(error)[:200] or 'nested too deep'})")


# Native YAML (docs/scenario-format.md). Every scalar is kept as its text, as parley reads it.
class TextLoader(yaml.BaseLoader):
    def construct_mapping(self, node, deep=False):
        keys = [getattr(key, "value", None) for key, _ in node.value]
        for key, _ in node.value:
            if isinstance(key, yaml.ScalarNode) and keys.count(key.value) > 1:
                raise yaml.constructor.ConstructorError(None, None, f"key '{key.value}' twice",
                                                        key.start_mark)
        return super().construct_mapping(node, deep)


def native_package(node, issues, where, field):
    package, position = [None] * len(issues), {issue.name: k for k, issue in enumerate(issues)}
    for issue_name, label in mapping(node, where, field).items():
        k = position.get(issue_name)
        v = issues[k].find(label) if k is not None else None
        if v is None:
            fail(where, f"{field}.{issue_name}", f"unknown issue or option {kind_of(label)}")
        package[k] = v
    if None in package:
        fail(where, field, f"no value for {issues[package.index(None)].name}")
    return package


def native_function(spec, issue, where, field):
    """e(x) for an integer issue: {linear: ...}, {triangular: ...} or {constant: k}."""
    if not isinstance(spec, dict) or len(spec) != 1:
        fail(where, field, "expected exactly one of linear, triangular, constant")
    (kind, body), = mapping(spec, where, field, {"linear", "triangular", "constant"}).items()
    if kind == "constant":
        k = decimal(body, where, field + ".constant")
        return lambda x: k
    keys = {"linear": ("slope", "offset", "origin", "clip"), "triangular": ("lower", "upper",
                                                                            "top")}[kind]
    body = mapping(body, where, f"{field}.{kind}", set(keys))
    get = lambda key: decimal(body.get(key), where, f"{field}.{kind}.{key}")  # noqa: E731
    if kind == "linear":  # offset + slope (x - origin), cut to [0, 1] unless clip is false
        slope, offset = get("slope"), get("offset")
        origin = get("origin") if "origin" in body else Fraction(issue.lower)
        clip = body.get("clip", "true")
        if not isinstance(clip, str) or clip not in BOOLEANS:
            fail(where, f"{field}.linear.clip", f"found {kind_of(clip)}, expected true or false")
        if BOOLEANS[clip]:
            return lambda x: clamp01(offset + slope * (x - origin))
        return lambda x: offset + slope * (x - origin)
    lo, hi, top = get("lower"), get("upper"), get("top")
    if lo > hi:
        fail(where, field + ".triangular", f"lower > upper ({show(lo)} > {show(hi)})")

    def triangle(x):  # 0 outside [lo, hi], 1 at top (also when top = lo), linear between
        if x < lo or x > hi:
            return ZERO
        if x < top:
            return (x - lo) / (top - lo) if top > lo else ONE
        return (hi - x) / (hi - top) if hi > top else ONE
    return triangle


def native_party(node, issues, status_quo, where, j):
    """(name, contributions, reservation value) of the j-th party."""
    node = mapping(node, where, f"parties[{j}]", {
        "name", "description", "notes", "walk_away", "walk_away_package", "discount", "weights",
        "scores", "utilities", "functions", "rectangles", "uncertainty"})
    party = name(node.get("name"), where, f"parties[{j}].name")
    field = "parties." + party
    if "rectangles" in node:
        fail(where, field + ".rectangles", "nonlinear hyper-rectangle profiles are not certified")
    position = {issue.name: k for k, issue in enumerate(issues)}
    weights, tables = [None] * len(issues), [None] * len(issues)
    for kind in ("weights", "scores", "utilities", "functions"):
        for issue_name, spec in mapping(node.get(kind, {}), where, f"{field}.{kind}").items():
            at, k = f"{field}.{kind}.{issue_name}", position.get(issue_name)
            if k is None or (kind != "weights" and tables[k] is not None):
                fail(where, at, "an unknown issue, or a second value function for it")
            issue = issues[k]
            if kind == "weights":
                weights[k] = decimal(spec, where, at)
            elif kind == "functions":
                if issue.numbers is None:
                    fail(where, at, "a function for a categorical issue")
                tables[k] = list(map(native_function(spec, issue, where, at), issue.numbers))
            else:  # scores: divided by the issue's best score; utilities: as written
                table = [None] * len(issue.labels)
                for label, x in mapping(spec, where, at).items():
                    v = issue.find(label)
                    if v is None or table[v] is not None:
                        fail(where, at, f"unknown option (or an option twice) {kind_of(label)}")
                    table[v] = decimal(x, where, f"{at}.{label}")
                if None in table:
                    fail(where, at, f"no {kind[:-1]} for option {issue.labels[table.index(None)]}")
                best = max(table)
                tables[k] = [s / best if best > 0 else ZERO for s in table] \
                    if kind == "scores" else table
    for k, issue in enumerate(issues):
        if weights[k] is None or (tables[k] is None and weights[k] != 0):
            fail(where, field, f"no weight or no value function for issue '{issue.name}'")
        tables[k] = tables[k] or [ZERO] * len(issue.labels)  # an ignored issue needs none
    contrib = contributions(weights, tables, Fraction(1, 10**6), f"{where}: {field}")
    own = native_package(node["walk_away_package"], issues, where, field + ".walk_away_package") \
        if "walk_away_package" in node else None
    walk_away = node.get("walk_away")
    if walk_away == "status_quo":
        if status_quo is None or own is not None:
            fail(where, field + ".walk_away", "status_quo needs the top-level status_quo and no "
                 "walk_away_package")
        return party, contrib, utility(contrib, status_quo)
    if walk_away is not None:
        return party, contrib, decimal(walk_away, where, field + ".walk_away")
    return party, contrib, utility(contrib, own) if own else ZERO


def read_native(blobs, file, profiles):
    try:
        text, depth = blobs[file].decode("utf-8-sig"), 0
        for token in yaml.scan(text, Loader=TextLoader):  # deep nesting is slow to parse
            depth += isinstance(token, (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken,
                                        yaml.BlockSequenceStartToken, yaml.BlockMappingStartToken))
            depth -= isinstance(token, (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken,
                                        yaml.BlockEndToken))
            if depth > 64:
                fail(file, "YAML nesting", "more than 64 levels deep")
        root = yaml.load(text, Loader=TextLoader)
    except (yaml.YAMLError, ValueError, RecursionError) as error:
        fail(file, "YAML syntax", f"malformed YAML ({str(error)[:300] or 'nested too deep'})")
    root = mapping(root, file, "top level", {"parley", "name", "description", "issues",
                                             "status_quo", "parties", "metadata"})
    if root.get("parley") != "1":
        fail(file, "parley", f"found {kind_of(root.get('parley'))}, expected format version 1")
    issues = []
    for j, node in enumerate(listof(root.get("issues"), file, "issues"), 1):
        node = mapping(node, file, f"issues[{j}]", {"name", "label", "description", "options",
                                                    "range", "real", "steps"})
        issue_name = name(node.get("name"), file, f"issues[{j}].name")
        field = "issues." + issue_name
        if "real" in node:
            fail(file, field, "real issues are not certified")
        if ("options" in node) == ("range" in node):
            fail(file, field, "expected exactly one of options, range")
        if "options" in node:
            issues.append(Issue(issue_name, [name(o.get("name") if isinstance(o, dict) else o,
                                                  file, field + ".options")
                                             for o in listof(node["options"], file, field)], file))
            continue
        bounds = [decimal(b, file, field + ".range") for b in listof(node["range"], file, field)]
        if len(bounds) != 2 or any(b.denominator != 1 or abs(b) > 10**18 for b in bounds):
            fail(file, field + ".range", "expected [lower, upper], whole numbers")
        issues.append(Issue.integer(issue_name, int(bounds[0]), int(bounds[1]), file))
    if len({issue.name for issue in issues}) != len(issues):
        fail(file, "issues", "an issue name twice")
    status_quo = native_package(root["status_quo"], issues, file, "status_quo") \
        if "status_quo" in root else None
    parties = {}
    for j, node in enumerate(listof(root.get("parties"), file, "parties"), 1):
        party, contrib, reservation = native_party(node, issues, status_quo, file, j)
        if party in parties:
            fail(file, f"parties[{j}].name", f"party '{party}' twice")
        parties[party] = contrib, reservation
    return issues, parties


# GENIUS XML (GENIUS 10.4's AdditiveUtilitySpace and Evaluator* classes).
def parse_xml(data, file):
    try:
        return ET.fromstring(data)
    except (ET.ParseError, RecursionError) as error:
        fail(file, "XML", f"malformed XML ({error})")


def attribute(node, key, where, field, required=True):
    if node is None or node.get(key) is None:
        if required:
            fail(where, field, f"no '{key}' attribute, expected a number")
        return None
    return decimal(node.get(key), where, field)


def xml_int(node, key, where, field):
    value = attribute(node, key, where, field)
    if value.denominator != 1 or abs(value) > 4 * 10**18:
        fail(where, field, f"found {show(value)}, expected an integer")
    return int(value)


def genius_tree(space, where):
    """The issue and weight elements below a utility_space (through nested objectives), and the
    indices of the objectives."""
    issues, weights, objectives, stack = [], [], set(), [space]
    while stack:
        for child in stack.pop():
            if child.tag == "issue":
                issues.append(child)
            elif child.tag == "weight":
                weights.append(child)
            elif child.tag == "objective":
                stack.append(child)
                if child.get("index") is not None:
                    objectives.add(xml_int(child, "index", where, "objective index"))
    return issues, weights, objectives


def genius_issue(node, where):
    issue_name = name(node.get("name"), where, "issue name")
    kinds = [node.get(key).lower() for key in ("etype", "vtype", "type") if node.get(key)]
    kind = next((k for k in kinds if k in ("discrete", "integer", "real")), None)
    if kind is None and kinds:
        fail(where, f"issue '{issue_name}' type", f"'{kinds[0]}', expected discrete, integer, "
             "or real")
    kind = kind or ("discrete" if node.find("item") is not None else
                    "real" if node.find("range") is not None else "integer")
    if kind == "real":
        fail(where, f"issue '{issue_name}'", "real issues are not certified")
    if kind == "discrete":
        return Issue(issue_name, [name(item.get("value"), where, f"issue '{issue_name}' item")
                                  for item in node.findall("item")], where)
    bounds = node.find("range")  # the bounds are on the issue or on its <range>
    low, high = (xml_int(bounds if bounds is not None and bounds.get(key) is not None else node,
                         key, where, f"issue '{issue_name}' {key}")
                 for key in ("lowerbound", "upperbound"))
    return Issue.integer(issue_name, low, high, where)


def genius_profile(data, file, issues, by_index, objectives):
    root = parse_xml(data, file)
    kind = (root.get("type") or "").lower()
    if root.tag != "utility_space" or kind not in ("", "linear", "uncertain"):
        fail(file, "utility_space type", "nonlinear hyper-rectangle profiles are not certified"
             if kind == "nonlinear" else f"<{root.tag} type='{kind}'>, expected a linear profile")
    nodes, weight_nodes, more = genius_tree(root, file)
    mine, weights = [None] * len(issues), [None] * len(issues)
    for node in nodes:
        k = by_index.get(xml_int(node, "index", file, "issue index"))
        if k is None or mine[k] is not None:
            fail(file, "issue index", f"unknown or repeated issue index {node.get('index')}")
        mine[k] = node
    for node in weight_nodes:
        index = xml_int(node, "index", file, "weight index")
        if index not in by_index and index in objectives | more:
            continue  # the weight of an objective, not of an issue
        k = by_index.get(index)
        if k is None or weights[k] is not None:
            fail(file, "weight index", f"unknown or repeated issue index {index}")
        weights[k] = attribute(node, "value", file, f"weight of issue '{issues[k].name}'")
    tables = []
    for k, (issue, node) in enumerate(zip(issues, mine)):
        field = f"issue '{issue.name}'"
        if node is None or weights[k] is None:
            fail(file, field, "no evaluation or no weight for this issue")
        if issue.numbers is None:  # EvaluatorDiscrete: evaluation / the best evaluation
            scores = [ZERO] * len(issue.labels)  # (no evaluation: 0; twice: the last one)
            for item in node.findall("item"):
                v = issue.find(item.get("value"))
                score = attribute(item, "evaluation", file, f"{field} evaluation", False)
                if v is None or (score or 0) < 0:
                    fail(file, field, f"unknown value {kind_of(item.get('value'))} or negative "
                         "evaluation")
                scores[v] = scores[v] if score is None else score
            best = max(scores)
            tables.append([s / best if best > 0 else ZERO for s in scores])
            continue
        ev = node.find("evaluator")  # EvaluatorInteger: offset + slope (x - lowerbound) in [0, 1]
        ftype = (ev.get("ftype") or "").lower() if ev is not None else None
        get = lambda key, at=ev: attribute(at, key, file, f"{field} {key}")  # noqa: E731
        if ev is None:  # no evaluator: 0
            a, b, origin = ZERO, ZERO, ZERO
        elif ftype in ("linear", "") and ev.get("slope") is None \
                and ev.get("parameter1") is not None:  # the real-issue form p0 + p1 x
            a, b, origin = get("parameter0"), get("parameter1"), ZERO
        elif ftype in ("linear", ""):
            a, b = get("offset"), get("slope")
            origin = get("lowerbound", node) if node.get("lowerbound") is not None \
                else Fraction(issue.lower)
        elif ftype == "constant":
            a, b, origin = get("parameter0" if ev.get("parameter0") is not None else "offset"), \
                ZERO, ZERO
        else:
            fail(file, f"{field} ftype", f"'{ftype}', expected linear or constant")
        tables.append([clamp01(a + b * (x - origin)) if ftype != "constant" else a
                       for x in issue.numbers])
    reservation = attribute(root.find("reservation"), "value", file, "reservation value", False)
    return contributions(weights, tables, Fraction(1, 10**9), file), reservation or ZERO


def read_genius(blobs, domain, profiles):
    root = parse_xml(blobs[domain], domain)
    space = root if root.tag == "utility_space" else root.find("utility_space") \
        if root.tag == "negotiation_template" else None
    if space is None:
        fail(domain, "root element", f"<{root.tag}>, expected a negotiation_template")
    nodes, _, objectives = genius_tree(space, domain)
    issues, by_index = [], {}
    for node in nodes:
        index = xml_int(node, "index", domain, "issue index")
        if index in by_index:
            fail(domain, "issue index", f"index {index} twice")
        by_index[index] = len(issues)
        issues.append(genius_issue(node, domain))
    return issues, {file: genius_profile(blobs[file], file, issues, by_index, objectives)
                    for file in profiles}


# GeniusWeb JSON (geniusweb.issuevalue.Domain, LinearAdditiveUtilitySpace).
def value_text(x, where, field):  # a value: a string, or a number as written
    if not isinstance(x, str):
        fail(where, field, f"found {kind_of(x)}, expected a string or a number")
    return str(x)


def geniusweb_profile(root, file, issues):
    if not isinstance(root, dict) or list(root) != ["LinearAdditiveUtilitySpace"]:
        fail(file, "profile", 'expected {"LinearAdditiveUtilitySpace": {...}}')
    space = mapping(root["LinearAdditiveUtilitySpace"], file, "LinearAdditiveUtilitySpace")
    position = {issue.name: k for k, issue in enumerate(issues)}
    weights, tables = [None] * len(issues), [None] * len(issues)
    for key, w in mapping(space.get("issueWeights"), file, "issueWeights").items():
        if key not in position:
            fail(file, f"issueWeights.{key}", "an unknown issue")
        weights[position[key]] = decimal(w, file, f"issueWeights.{key}")
    for key, spec in mapping(space.get("issueUtilities"), file, "issueUtilities").items():
        at, k = f"issueUtilities.{key}", position.get(key)
        spec = mapping(spec, file, at)
        if k is not None and "discreteutils" in spec:  # as written; a value not listed: 0
            tables[k] = [ZERO] * len(issues[k].labels)
            for label, x in mapping(mapping(spec["discreteutils"], file, at).get(
                    "valueUtilities"), file, at + ".discreteutils.valueUtilities").items():
                v, x = issues[k].find(label), decimal(x, file, f"{at}.{label}")
                if v is None or not 0 <= x <= 1:
                    fail(file, f"{at}.{label}", f"unknown value, or {show(x)} not in [0, 1]")
                tables[k][v] = x
        elif k is not None and "numberutils" in spec and issues[k].numbers is not None:
            spec = mapping(spec["numberutils"], file, at + ".numberutils")
            lv, lu, hv, hu = (decimal(spec.get(p), file, f"{at}.numberutils.{p}")
                              for p in ("lowValue", "lowUtility", "highValue", "highUtility"))
            if not (lv <= issues[k].numbers[0] and issues[k].numbers[-1] <= hv and lv < hv and
                    0 <= lu <= 1 and 0 <= hu <= 1):
                fail(file, at, "expected lowValue < highValue around the issue's range, "
                     "utilities in [0, 1]")
            tables[k] = [lu + (hu - lu) * (x - lv) / (hv - lv) for x in issues[k].numbers]
        else:
            fail(file, at, "an unknown issue, or neither discreteutils nor numberutils")
    if None in weights or None in tables:
        fail(file, "issueWeights", "expected a weight and utilities for every issue")
    contrib = contributions(weights, tables, Fraction(1, 10**9), file)
    bid = space.get("reservationBid")
    package = [None] * len(issues)  # a partial bid is worth the sum over the issues it names
    for key, value in () if bid is None else mapping(mapping(bid, file, "reservationBid").get(
            "issuevalues"), file, "reservationBid.issuevalues").items():
        at = f"reservationBid.issuevalues.{key}"
        v = issues[position[key]].find(value_text(value, file, at)) if key in position else None
        if v is None:
            fail(file, at, f"unknown issue or value {kind_of(value)}")
        package[position[key]] = v
    return contrib, utility(contrib, package)


def read_geniusweb(blobs, domain, profiles):
    issues = []
    for key, spec in mapping(mapping(parse_json(blobs[domain], domain), domain, "domain").get(
            "issuesValues"), domain, "issuesValues").items():
        at, spec = f"issuesValues.{key}", mapping(spec, domain, f"issuesValues.{key}")
        if "values" in spec:
            issues.append(Issue(key, [value_text(v, domain, at) for v in listof(
                spec["values"], domain, at + ".values")], domain))
            continue
        r = mapping(spec.get("range"), domain, at + ".range")
        low, high, step = (decimal(r.get(p), domain, f"{at}.range.{p}")
                           for p in ("low", "high", "step"))
        if step != 1 or low.denominator != 1 or high.denominator != 1:
            fail(domain, at, "real issues are not certified")
        issues.append(Issue.integer(key, int(low), int(high), domain))
    return issues, {file: geniusweb_profile(parse_json(blobs[file], file), file, issues)
                    for file in profiles}


READERS = {"native": read_native, "genius": read_genius, "geniusweb": read_geniusweb}


# ---- the certificate -------------------------------------------------------------------------
def dominates(a, b):
    return all(x >= y for x, y in zip(a, b)) and any(x > y for x, y in zip(a, b))


class Proof:
    """What the leaves of a claim's tree are checked against: the leaf kinds allowed, the
    objective c and bound B, the condition on one package (None when it holds, else why not),
    u(X) (pareto) and s (KS, egalitarian)."""

    def __init__(self, leaves, c=None, bound=None, package_ok=None, u_x=None, s=None):
        self.leaves, self.c, self.bound, self.package_ok, self.u_x, self.s = \
            leaves, c, bound, package_ok, u_x, s


LAGRANGE = {"lagrange", "not_ir", "package"}
LEAVES = {"mu", "party", "not_ir", "lagrange", "amgm", "wavg", "package"}
CLAIMS = ("pareto", "not_pareto", "zone_empty", "ideal", "utilitarian", "nash",
          "kalai_smorodinsky", "egalitarian", "nash_lottery", "kalai_smorodinsky_lottery")


class Unverified(str):
    """Why a claim whose own proof holds is not checked: it uses an unverified claim."""


class Checker:
    """One certificate: its fields, the model read from the files (V[i][k][v] and d[i], in the
    certificate's order of parties, issues and values), and the checks of its claims."""

    def __init__(self, cert, label):
        self.label, self.cache, self.ideals = label, {}, {}
        self.cert = self.obj(cert, "certificate")
        if self.cert.get("format") != "parley-certificate/1":
            self.error("format", f"found {kind_of(self.cert.get('format'))}, expected "
                       "'parley-certificate/1'")

    # -- fields of the certificate: a missing or malformed one is exit status 2 --
    def error(self, field, message):
        fail(self.label, field, message)

    def get(self, obj, key, at):
        """(obj[key], its field name)."""
        if key not in obj:
            self.error(f"{at}.{key}", "missing")
        return obj[key], f"{at}.{key}"

    def obj(self, x, at):
        if not isinstance(x, dict):
            self.error(at, f"found {kind_of(x)}, expected an object")
        return x

    def array(self, x, at, count=None):
        if not isinstance(x, list) or count not in (None, len(x)):
            self.error(at, f"found {kind_of(x)}" + (f" of {len(x)}" if isinstance(x, list)
                       else "") + ", expected a list" + (f" of {count}" if count else ""))
        return x

    def string(self, x, at):
        if type(x) is not str:
            self.error(at, f"found {kind_of(x)}, expected a string")
        return x

    def integer(self, x, at, low=-10**18, high=10**18):
        if not isinstance(x, Num) or not re.fullmatch(r"-?[0-9]{1,19}", x) or \
                not low <= int(x) < high:
            self.error(at, f"found {kind_of(x)}, expected an integer from {low} to {high - 1}")
        return int(x)

    def rational(self, x, at):
        if type(x) is not str or len(x) > 10_000 or \
                not re.fullmatch(r"-?[0-9]+(/0*[1-9][0-9]*)?", x):
            self.error(at, f"found {kind_of(x)}" + (f" ({len(x)} characters)" if isinstance(
                x, str) and len(x) > 40 else "") + ", expected an exact rational as a JSON "
                "string ('3', '-7/20') of at most 10000 characters")
        p, _, q = x.partition("/")
        return Fraction(int(p), int(q or 1))

    def rationals(self, x, at, count):
        return [self.rational(y, f"{at}[{j}]") for j, y in enumerate(self.array(x, at, count))]

    def party(self, x, at):
        return self.integer(x, at, 0, self.n)

    def package(self, x, at):
        labels = self.array(x, at, self.m)
        for k, label in enumerate(labels):
            if type(label) is not str or label not in self.index[k]:
                self.error(f"{at}[{k}]", f"found {kind_of(label)}, expected a value of issue "
                           f"'{self.names[k]}'")
        return [self.index[k][label] for k, label in enumerate(labels)]

    # -- the scenario: files, issues, model --
    def read_scenario(self):
        """The certificate's files, issues (names, value labels, integer lower bounds), parties."""
        sc = self.obj(*self.get(self.cert, "scenario", "certificate"))
        fmt = self.get(sc, "format", "scenario")[0]
        if fmt not in READERS:
            self.error("scenario.format", f"found {kind_of(fmt)}, expected native, genius or "
                       "geniusweb")
        files = []
        for j, entry in enumerate(self.array(*self.get(sc, "files", "scenario"))):
            at = f"scenario.files[{j}]"
            file, sha = (self.string(*self.get(self.obj(entry, at), key, at))
                         for key in ("name", "sha256"))
            if not file or any(bad in file for bad in ("/", "\\", "..", "\0")):
                self.error(at + ".name", f"'{file[:80]}', expected a plain file name (no "
                           "directory, no '/', no '..')")
            if not re.fullmatch(r"[0-9a-f]{64}", sha):
                self.error(at + ".sha256", "expected 64 lower-case hexadecimal digits")
            files.append((file, sha))
        self.names, self.values, lowers = [], [], []
        for j, issue in enumerate(self.array(*self.get(sc, "issues", "scenario"))):
            at = f"scenario.issues[{j}]"
            self.names.append(self.string(*self.get(self.obj(issue, at), "name", at)))
            if "integer" in issue:
                low, high = (self.integer(b, at + ".integer") for b in
                             self.array(issue["integer"], at + ".integer", 2))
                if not 0 <= high - low < MAX_VALUES:
                    self.error(at + ".integer", f"expected lower <= upper, {MAX_VALUES} values "
                               "at most")
                values = [str(x) for x in range(low, high + 1)]
            else:
                values, where = self.get(issue, "values", at)
                values = [self.string(v, f"{where}[{t}]")
                          for t, v in enumerate(self.array(values, where))]
                low = None
                if not 0 < len(set(values)) == len(values) <= MAX_VALUES:
                    self.error(where, f"expected 1 to {MAX_VALUES} distinct values")
            self.values.append(values)
            lowers.append(low)
        self.m = len(self.names)
        self.index = [{v: t for t, v in enumerate(values)} for values in self.values]
        if not files or not self.m or len(set(self.names)) != self.m:
            self.error("scenario", "expected files, and issues with distinct names")
        parties = []
        for j, party in enumerate(self.array(*self.get(sc, "parties", "scenario"))):
            at = f"scenario.parties[{j}]"
            parties.append([self.string(*self.get(self.obj(party, at), key, at))
                            for key in ("name", "file")])
            if parties[-1][1] not in ([files[0][0]] if fmt == "native" else
                                      [file for file, _ in files[1:]]):
                self.error(at + ".file", "expected " + ("the scenario file" if fmt == "native"
                                                        else "a profile") + " of scenario.files")
        self.n = len(parties)
        if self.n < 2:
            self.error("scenario.parties", "expected at least two parties")
        self.party_names = [party_name for party_name, _ in parties]
        return fmt, files, lowers, parties

    def load(self, scenario):
        """Reads the files and compares them with the certificate; raises Mismatch."""
        fmt, files, lowers, parties = self.read_scenario()
        if not os.path.exists(scenario):
            fail(scenario, "path", "no such file or folder")
        folder = scenario if os.path.isdir(scenario) else os.path.dirname(scenario) or "."
        blobs = {file: read_file(folder, file) for file, _ in files}  # read once, hashed, parsed
        for file, sha in files:
            if hashlib.sha256(blobs[file]).hexdigest() != sha:
                raise Mismatch(f"file {file}: SHA-256 {hashlib.sha256(blobs[file]).hexdigest()}, "
                               f"not the certificate's {sha}")
        if not os.path.isdir(scenario) and os.path.basename(scenario) != files[0][0]:
            raise Mismatch(f"{scenario} is not the certificate's first file {files[0][0]}")
        issues, found = READERS[fmt](blobs, files[0][0], sorted({f for _, f in parties}))
        keys = [file if fmt != "native" else party for party, file in parties]
        if fmt == "native" and sorted(keys) != sorted(found):
            raise Mismatch(f"parties {sorted(keys)}, not the file's {sorted(found)}")
        by_name = {issue.name: issue for issue in issues}
        if sorted(by_name) != sorted(self.names):
            raise Mismatch(f"issues {sorted(self.names)}, not the files' {sorted(by_name)}")
        index = []  # for the certificate's issue k and value v: the file's positions
        for issue_name, values, low in zip(self.names, self.values, lowers):
            issue = by_name[issue_name]
            if issue.lower != low or sorted(issue.labels) != sorted(values):
                raise Mismatch(f"issue '{issue_name}': values not the files' values")
            index.append((issues.index(issue), [issue.index[v] for v in values]))
        self.V = [[[found[key][0][k][v] for v in vs] for k, vs in index] for key in keys]
        self.d = [found[key][1] for key in keys]
        den = lcm(*(x.denominator for Vi in self.V for row in Vi for x in row))
        self.scaled = den, [[[x.numerator * (den // x.denominator) for x in row] for row in Vi]
                            for Vi in self.V]  # V = scaled / den: integer sums are fast
        model = self.obj(*self.get(self.cert, "model", "certificate"))
        reservation = self.rationals(*self.get(model, "reservation", "model"), self.n)
        rows, at = self.get(model, "contributions", "model")
        written = [[self.rationals(row, f"{at}[{i}][{k}]", len(self.values[k]))
                    for k, row in enumerate(self.array(party, f"{at}[{i}]", self.m))]
                   for i, party in enumerate(self.array(rows, at, self.n))]
        for i, k, v in ((i, k, v) for i in range(self.n) for k in range(self.m)
                        for v in range(len(self.values[k]))):
            if written[i][k][v] != self.V[i][k][v]:
                raise Mismatch(f"model: {self.who(i)}, issue {self.names[k]}, value "
                               f"{self.values[k][v]}: certificate {show(written[i][k][v])}, "
                               f"files {show(self.V[i][k][v])}")
        for i in range(self.n):
            if reservation[i] != self.d[i]:
                raise Mismatch(f"model: {self.who(i)}, reservation: certificate "
                               f"{show(reservation[i])}, files {show(self.d[i])}")

    # -- utilities and maxw --
    def who(self, i):
        return f"party {i} ({self.party_names[i]})"

    def u(self, package):
        den, scaled = self.scaled
        return [Fraction(sum(Si[k][v] for k, v in enumerate(package)), den) for Si in scaled]

    def ir(self, u):
        return all(ui >= di for ui, di in zip(u, self.d))

    def maxw(self, fixed, c):
        """max of sum_i c_i u_i(y) over the packages y of the node whose issues are `fixed`.
        (Exact, and fast: per vector c, a table of integers over one common denominator.)"""
        key = tuple(c)
        if key not in self.cache:
            if len(self.cache) >= 256:
                self.cache.clear()
            den, scaled = self.scaled
            c_den = lcm(*(ci.denominator for ci in c))
            active = [(ci.numerator * (c_den // ci.denominator), Si) for ci, Si in zip(c, scaled)
                      if ci]
            rows = [[sum(a * Si[k][v] for a, Si in active) for v in range(len(self.values[k]))]
                    for k in range(self.m)]
            best = [max(row) for row in rows]
            self.cache[key] = rows, best, sum(best), den * c_den
        rows, best, total, scale = self.cache[key]
        return Fraction(total + sum(rows[k][v] - best[k] for k, v in fixed), scale)

    # -- the partition tree --
    def walk(self, claim, at, proof):
        """None when every leaf proves its node, else the first failure (depth-first)."""
        order, where = self.get(claim, "order", at)
        order = [self.integer(k, f"{where}[{j}]", 0, self.m)
                 for j, k in enumerate(self.array(order, where, self.m))]
        if len(set(order)) != self.m:
            self.error(where, "expected a permutation of the issue positions")
        first, stack = None, [(self.get(claim, "tree", at)[0], (), f"{at}.tree")]
        while stack:
            node, fixed, where = stack.pop()
            if "split" in self.obj(node, where):
                if len(fixed) == self.m:
                    self.error(where, f"a split at depth {self.m}: trees may not be deeper than "
                               "the number of issues")
                k = order[len(fixed)]
                children = self.array(node["split"], where + ".split", len(self.values[k]))
                stack += [(children[t], fixed + ((k, t),), f"{where}.split[{t}]")
                          for t in reversed(range(len(children)))]
            elif "leaf" in node:
                reason = self.leaf(node, where, fixed, proof)
                if reason and not first:
                    first = "node [" + ", ".join(f"{self.names[k]}={self.values[k][v]}"
                                                 for k, v in fixed) + f"]: {reason}"
            else:
                self.error(where, 'expected {"split": [...]} or {"leaf": KIND, ...}')
        return first

    def leaf(self, node, at, fixed, proof):
        """None when the leaf proves its node N, else why not."""
        kind, n, d = self.string(node["leaf"], at + ".leaf"), self.n, self.d
        if kind not in LEAVES:
            self.error(at + ".leaf", f"found {kind_of(kind)}, expected one of "
                       f"{', '.join(sorted(LEAVES))}")
        if kind not in proof.leaves:
            return f"a '{kind[:40]}' leaf, not one of {', '.join(sorted(proof.leaves))}"
        if kind == "package":
            if len(fixed) != self.m:
                return f"a package leaf at depth {len(fixed)}, not {self.m}"
            package = [v for _, v in sorted(fixed)]
            reason = proof.package_ok(package)
            return reason and "package [" + ", ".join(self.values[k][v] for k, v in enumerate(
                package)) + f"]: {reason}"
        if kind in ("party", "not_ir"):  # maxw(N, e_i) < u_i(X), resp. < d_i
            i = self.party(*self.get(node, "party", at))
            a = self.maxw(fixed, [ONE if j == i else ZERO for j in range(n)])
            bound, name = (proof.u_x[i], f"u_{i}(X)") if kind == "party" else (d[i], f"d_{i}")
            return None if a < bound else \
                f"{kind} bound maxw(N, e_{i}) = {show(a)} >= {name} = {show(bound)}"
        x = self.rationals(*self.get(node, {"lagrange": "lambda", "mu": "mu"}.get(kind, "w"), at),
                           n)
        if kind == "mu":  # maxw(N, mu) < mu.u(X), or = with every mu_i > 0
            a, b = self.maxw(fixed, x), dot(x, proof.u_x)
            if min(x) < 0 or max(x) == 0:
                return "mu must be >= 0 and not all 0"
            if a < b or (a == b and min(x) > 0):
                return None
            return f"mu bound {show(a)} " + (f"> mu.u(X) = {show(b)}" if a > b else
                                              "= mu.u(X), with a zero weight")
        if kind == "lagrange":  # maxw(N, c + lambda) - lambda.d <= B
            if min(x) < 0:
                return "a negative multiplier"
            a = self.maxw(fixed, [ci + li for ci, li in zip(proof.c, x)]) - dot(x, d)
        elif kind == "amgm":  # prod(1/w_i) (max(0, maxw(N, w) - w.d) / n)^n <= B
            if min(x) <= 0:
                return "amgm weights must be > 0"
            a = prod(1 / wi for wi in x) * (max(ZERO, self.maxw(fixed, x) - dot(x, d)) / n) ** n
        else:  # wavg: maxw(N, c) - c.d <= B, c_i = w_i / s_i (0 when w_i = 0)
            s = proof.s
            if min(x) < 0 or any(wi and not si for wi, si in zip(x, s)) or \
                    sum(wi for wi, si in zip(x, s) if si) != 1:
                return "wavg weights must be >= 0, 0 where s_i = 0, summing to 1 elsewhere"
            c = [wi / si if wi else ZERO for wi, si in zip(x, s)]
            a = self.maxw(fixed, c) - dot(c, d)
        return None if a <= proof.bound else f"{kind} bound {show(a)} > {show(proof.bound)}"

    # -- claims --
    def claims(self):
        claims = self.array(*self.get(self.cert, "claims", "certificate"))
        kinds = [self.string(*self.get(self.obj(c, f"claims[{j}]"), "claim", f"claims[{j}]"))
                 for j, c in enumerate(claims)]
        for j, kind in enumerate(kinds):
            if kind not in CLAIMS:
                self.error(f"claims[{j}].claim", f"found {kind_of(kind)}, expected one of "
                           f"{', '.join(CLAIMS)}")
        return list(zip(kinds, claims))

    def check_claims(self, claims):
        """(status, reason) per claim; KS claims last: they use the verified ideal claims."""
        results = [None] * len(claims)
        for late in (False, True):
            for j, (kind, claim) in enumerate(claims):
                if kind.startswith("kalai_smorodinsky") == late:
                    results[j] = self.check_claim(j, kind, claim)
        return results

    def check_claim(self, j, kind, claim):
        at = f"claims[{j}]"
        if "verified_by" in claim:
            if claim["verified_by"] != "enumeration":
                self.error(at + ".verified_by", f"found {kind_of(claim['verified_by'])}, "
                           "expected 'enumeration'")
            if kind == "ideal":
                self.ideals.setdefault(self.party(*self.get(claim, "party", at)), []).append(
                    (j + 1, "not checked", self.rational(*self.get(claim, "value", at))))
            return "not checked", "verified by enumeration only"
        reason = getattr(self, "claim_" + kind)(claim, at)
        if kind == "ideal":
            i, value = self.party(claim["party"], ""), self.rational(claim["value"], "")
            self.ideals.setdefault(i, []).append((j + 1, reason and "rejected", value))
        if isinstance(reason, Unverified):
            return "not checked", reason
        return ("rejected", reason) if reason else ("ok", None)

    def x_ir(self, u_x, what="X"):
        """None when u_x is IR, else why not."""
        bad = [i for i in range(self.n) if u_x[i] < self.d[i]]
        return bad and (f"{what} is not IR: u_{bad[0]}({what}) = {show(u_x[bad[0]])} < d_"
                        f"{bad[0]} = {show(self.d[bad[0]])}") or None

    def ir_or(self, value, bound, label):
        """The package leaves' condition of the optimisation claims: Y not IR, or value <= B."""
        def ok(package):
            u_y = self.u(package)
            if self.ir(u_y) and value(u_y) > bound:
                return f"IR and {label} = {show(value(u_y))} > {show(bound)}"
        return ok

    def package_of(self, claim, at, key="package"):
        return self.u(self.package(*self.get(claim, key, at)))

    def claim_pareto(self, claim, at):
        u_x = self.package_of(claim, at)
        return self.walk(claim, at, Proof({"mu", "party", "package"}, u_x=u_x, package_ok=lambda
                                          y: dominates(self.u(y), u_x) and "dominates X" or None))

    def claim_not_pareto(self, claim, at):
        u_x, u_y = self.package_of(claim, at), self.package_of(claim, at, "dominated_by")
        return not dominates(u_y, u_x) and \
            f"u(Y) = {vec(u_y)} does not dominate u(X) = {vec(u_x)}" or None

    def claim_zone_empty(self, claim, at):
        return self.walk(claim, at, Proof({"not_ir", "package"}, package_ok=lambda y: self.ir(
            self.u(y)) and f"IR: u = {vec(self.u(y))} >= d = {vec(self.d)}" or None))

    def optimum(self, claim, at, f, label, leaves, c=None, s=None, bound_key="bound"):
        """X is IR, f(u(X)) = value <= B, and the tree shows f(u(y)) <= B for every IR y."""
        value, bound = (self.rational(*self.get(claim, key, at)) for key in ("value", bound_key))
        u_x = self.package_of(claim, at)
        if self.x_ir(u_x) or f(u_x) != value:
            return self.x_ir(u_x) or f"{label}(X) = {show(f(u_x))}, not {show(value)}"
        if value > bound:
            return f"value {show(value)} > bound {show(bound)}"
        if s is not None and not any(s) and claim.get("tree") is None:
            return None  # KS with every s_i = 0: t(y) = 1 for every package, no tree needed
        return self.walk(claim, at, Proof(leaves, c, bound, self.ir_or(f, bound, label), s=s))

    def claim_ideal(self, claim, at):
        i = self.party(*self.get(claim, "party", at))
        return self.optimum(claim, at, lambda u: u[i], f"u_{i}", LAGRANGE,
                            [ONE if j == i else ZERO for j in range(self.n)], bound_key="value")

    def claim_utilitarian(self, claim, at):
        return self.optimum(claim, at, sum, "sum u_i", LAGRANGE, [ONE] * self.n)

    def claim_nash(self, claim, at):
        return self.optimum(claim, at, lambda u: prod((ui - di for ui, di in zip(u, self.d)),
                                                      start=ONE),
                            "product of gains", {"amgm", "not_ir", "package"})

    def ideal_point(self, claim, at):
        """(s = I - d, None), or (None, why not): `ideal` must be the values of the ideal claims,
        none of them rejected. Also the claims only verified by enumeration, if any."""
        ideal = self.rationals(*self.get(claim, "ideal", at), self.n)
        self.unverified = []
        for i in range(self.n):
            for k, status, value in self.ideals.get(i) or [(None, "missing", None)]:
                if status in ("missing", "rejected"):
                    return None, f"the ideal claim for {self.who(i)} is {status}" + (
                        f" (claim {k})" if k else "")
                if value != ideal[i]:
                    return None, f"ideal[{i}] = {show(ideal[i])}, but claim {k} says {show(value)}"
                if status:
                    self.unverified.append(f"ideal claim {k} ({self.who(i)})")
        s = [Ii - di for Ii, di in zip(ideal, self.d)]
        return s, min(s) < 0 and f"ideal[{s.index(min(s))}] < its reservation value" or None

    def pending(self, reason):
        """A KS claim whose own proof holds is not checked when it uses an unverified ideal."""
        if reason or not self.unverified:
            return reason
        return Unverified(f"uses {', '.join(self.unverified)}, verified by enumeration only")

    def claim_kalai_smorodinsky(self, claim, at, s=None):
        self.unverified = []
        if s is None:
            s, reason = self.ideal_point(claim, at)
            if reason:
                return reason
        return self.pending(self.optimum(
            claim, at, lambda u: min((ui - di) / si if si else ONE for ui, di, si in
                                     zip(u, self.d, s)), "t", {"wavg", "not_ir", "package"}, s=s))

    def claim_egalitarian(self, claim, at):
        return self.claim_kalai_smorodinsky(claim, at, [ONE] * self.n)

    def lottery(self, claim, at, expected):
        """None when the lottery draws IR packages and its expected utilities are `expected`."""
        draws = []
        for j, entry in enumerate(self.array(*self.get(claim, "lottery", at))):
            where = f"{at}.lottery[{j}]"
            self.obj(entry, where)
            draws.append((self.rational(*self.get(entry, "probability", where)),
                          self.package_of(entry, where)))
        if not 1 <= len(draws) <= self.n + 1:
            return f"a lottery of {len(draws)} packages, not 1 to n + 1 = {self.n + 1}"
        if min(p for p, _ in draws) < 0 or sum(p for p, _ in draws) != 1:
            return "lottery probabilities must be >= 0 and sum to 1"
        mean = [sum(p * u[i] for p, u in draws) for i in range(self.n)]
        return next((self.x_ir(u, f"lottery package {j}") for j, (_, u) in enumerate(draws)
                     if not self.ir(u)), None) or mean != expected and \
            f"expected utilities {vec(mean)}, not {vec(expected)}" or None

    def supported(self, claim, at, w, bound):
        """The tree shows w.u(y) <= B for every IR package y."""
        return self.walk(claim, at, Proof(LAGRANGE, w, bound,
                                          self.ir_or(lambda u: dot(w, u), bound, "w.u")))

    def claim_nash_lottery(self, claim, at):
        target = self.rationals(*self.get(claim, "utilities", at), self.n)
        reason = self.lottery(claim, at, target) or next((
            f"U_{i} = {show(target[i])} <= d_{i}" for i in range(self.n)
            if target[i] <= self.d[i]), None)
        w = None if reason else [1 / (Ui - di) for Ui, di in zip(target, self.d)]
        return reason or self.supported(claim, at, w, self.n + dot(w, self.d))

    def claim_kalai_smorodinsky_lottery(self, claim, at):
        s, reason = self.ideal_point(claim, at)
        if reason:
            return reason
        t = self.rational(*self.get(claim, "t", at))
        w = self.rationals(*self.get(claim, "support", at), self.n)
        point = [di + t * si for di, si in zip(self.d, s)]
        return self.pending(self.lottery(claim, at, point) or (min(w) < 0 or dot(w, s) <= 0) and
                            "support w must be >= 0 with w.(I - d) > 0" or
                            self.supported(claim, at, w, dot(w, point)))


def clean(line):  # no control characters from the files in the output
    return re.sub(r"[\x00-\x1f\x7f]", lambda c: f"\\x{ord(c.group()):02x}", line)


def run(args):
    try:
        if args.cert == "-":
            label, data = "<stdin>", sys.stdin.buffer.read()
        else:
            label = args.cert  # (a certificate may be large: no size limit)
            data = read_file(os.path.dirname(args.cert) or ".", os.path.basename(args.cert), None)
        checker = Checker(parse_json(data, label), label)
        claims = checker.claims()
        try:
            checker.load(args.scenario)
            results, mismatch = checker.check_claims(claims), False
        except Mismatch as error:
            print(clean(f"{args.scenario}: {error}"), file=sys.stderr)
            results, mismatch = [("rejected", str(error))] * len(claims), True
    except InputError as error:
        print(clean(f"error: {error}"), file=sys.stderr)
        return 2
    count = {status: [r[0] for r in results].count(status)
             for status in ("ok", "rejected", "not checked")}
    for j, ((kind, _), (status, reason)) in enumerate(zip(claims, results), 1):
        if not args.quiet:
            print(clean(f"claim {j} {kind}: {status}" + (f": {reason}" if reason else "")))
    print(f"{len(claims)} claims: {count['ok']} ok, {count['rejected']} rejected, "
          f"{count['not checked']} not checked")
    return 1 if mismatch or count["rejected"] else 0


def main():
    parser = argparse.ArgumentParser(description="Checks a parley certificate "
                                     "(parley-certificate/1) against its scenario files.")
    parser.add_argument("--quiet", action="store_true", help="print the summary line only")
    parser.add_argument("scenario", help="native YAML file, or GENIUS/GeniusWeb folder or domain")
    parser.add_argument("cert", help="certificate JSON file, or - for standard input")
    args = parser.parse_args()
    for stream in (sys.stdout, sys.stderr):
        stream.reconfigure(errors="backslashreplace")
    if hasattr(sys, "set_int_max_str_digits"):
        sys.set_int_max_str_digits(0)  # rationals of up to 10,000 characters
    # Deep nesting is refused with a message, never a crash: the (recursive) JSON and YAML
    # parsers run with a raised recursion limit on a large thread stack.
    sys.setrecursionlimit(50_000)
    threading.stack_size(512 << 20)
    status = []
    thread = threading.Thread(target=lambda: status.append(run(args)))
    thread.start()
    thread.join()
    sys.exit(status[0] if status else 2)


if __name__ == "__main__":
    main()
