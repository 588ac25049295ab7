"""Tests of tools/parley_check.py, the Python reference checker of parley's certificates
(docs/certificates.md, format parley-certificate/1).

Nothing expected here comes from the checker or from parley: the test reads the scenario files
with its own small readers, enumerates every package with Fractions, works out every optimum by
brute force and builds the certificates itself (a tiny producer: at each node of a partition tree,
the first candidate leaf that brute force shows to hold, else a split). It checks that

- valid certificates of every claim kind and every leaf kind are accepted (tests/certify/data/py:
  a tiny scenario and the certificates made from it, and certificates generated for random
  scenarios written to tmp_path);
- the checker's verdict on Pareto optimality agrees with brute force for every package, and on
  random trees of random leaves (ties, strict and non-strict bounds, invalid parameters, leaves of
  the wrong kind or depth) with brute force for every leaf;
- tampered certificates (a number changed, a bound tightened by 1/1000, a model number changed, a
  wrong SHA-256, a missing file) are rejected with the right exit status, and hostile input exits
  with status 2 and a message, never a traceback or a hang;
- the readers derive the exact model of corpus scenarios (GENIUS, GeniusWeb; skipped when
  ../shared is absent) and of the examples.
"""
import copy
import hashlib
import importlib.util
import itertools
import json
import random
import subprocess
import xml.etree.ElementTree as ET
from fractions import Fraction as F
from math import prod
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
CHECKER = ROOT / "tools" / "parley_check.py"
DATA = ROOT / "tests" / "certify" / "data" / "py"
SHARED = ROOT.parent / "shared"
PYTHON = "/usr/bin/python3"


def run(scenario, cert, *flags):
    """Runs the checker on SCENARIO with CERT (a dict, sent on standard input, or a path)."""
    arg, text = ("-", json.dumps(cert)) if isinstance(cert, dict) else (str(cert), None)
    done = subprocess.run([PYTHON, str(CHECKER), *flags, str(scenario), arg], input=text,
                          capture_output=True, text=True, timeout=300)
    assert "Traceback" not in done.stderr, done.stderr
    return done


def verdicts(done):
    """{claim number: status} from the checker's output."""
    out = {}
    for line in done.stdout.splitlines()[:-1]:
        head, _, rest = line.partition(": ")
        out[int(head.split()[1])] = rest.split(":")[0]
    return out


def q(x):
    return str(F(x))


def clamp(e):
    return min(max(e, F(0)), F(1))


# ---- the test's own readers (exact, brute force) --------------------------------------------
def model_of(fmt, folder, files, issues, parties):
    """issues: [(name, labels, lower or None)]; parties: [(name, file, contrib by issue name and
    label, reservation)]."""
    V = [[[c[name][label] for label in labels] for name, labels, _ in issues]
         for _, _, c, _ in parties]
    return SimpleNamespace(fmt=fmt, folder=Path(folder), files=list(files), issues=issues,
                           parties=[(p[0], p[1]) for p in parties], V=V,
                           d=[p[3] for p in parties], n=len(parties), m=len(issues))


def normalised(weights, tolerance):
    total = sum(weights.values())
    return weights if abs(total - 1) <= tolerance else {k: w / total for k, w in weights.items()}


def native_model(path):
    doc = yaml.load(Path(path).read_text(), Loader=yaml.BaseLoader)
    issues = []
    for it in doc["issues"]:
        if "options" in it:
            issues.append((it["name"], [o if isinstance(o, str) else o["name"]
                                        for o in it["options"]], None))
        else:
            low, high = int(it["range"][0]), int(it["range"][1])
            issues.append((it["name"], [str(x) for x in range(low, high + 1)], low))
    parties = []
    for p in doc["parties"]:
        w = normalised({k: F(v) for k, v in p["weights"].items()}, F(1, 10**6))
        e = {}
        for name, table in p.get("scores", {}).items():
            best = max(F(x) for x in table.values())
            e[name] = {label: F(x) / best if best else F(0) for label, x in table.items()}
        for name, table in p.get("utilities", {}).items():
            e[name] = {label: F(x) for label, x in table.items()}
        for name, fn in p.get("functions", {}).items():
            low = next(i[2] for i in issues if i[0] == name)
            labels = next(i[1] for i in issues if i[0] == name)
            if "linear" in fn:
                lin = fn["linear"]
                slope, offset = F(lin["slope"]), F(lin["offset"])
                origin = F(lin.get("origin", low))
                raw = {label: offset + slope * (int(label) - origin) for label in labels}
                e[name] = {k: v if lin.get("clip") == "false" else clamp(v) for k, v in raw.items()}
            else:  # triangular, lower < top < upper
                t = fn["triangular"]
                lo, hi, top = F(t["lower"]), F(t["upper"]), F(t["top"])
                e[name] = {label: F(0) if not lo <= int(label) <= hi else
                           (int(label) - lo) / (top - lo) if int(label) <= top else
                           (hi - int(label)) / (hi - top) for label in labels}
        contrib = {name: {label: w[name] * e[name][label] if w[name] else F(0)
                          for label in labels} for name, labels, _ in issues}
        value = lambda package: sum(contrib[k][str(v)] for k, v in package.items())  # noqa: E731
        if p.get("walk_away") == "status_quo":
            d = value(doc["status_quo"])
        elif "walk_away" in p:
            d = F(p["walk_away"])
        elif "walk_away_package" in p:
            d = value(p["walk_away_package"])
        else:
            d = F(0)
        parties.append((p["name"], Path(path).name, contrib, d))
    return model_of("native", Path(path).parent, [Path(path).name], issues, parties)


def genius_model(folder, domain, profiles):
    folder = Path(folder)
    issues, index = [], {}
    for el in ET.parse(folder / domain).getroot().iter("issue"):
        index[el.get("index")] = el.get("name")
        if el.find("item") is not None:
            issues.append((el.get("name"), [i.get("value") for i in el.findall("item")], None))
        else:
            low, high = int(el.get("lowerbound")), int(el.get("upperbound"))
            issues.append((el.get("name"), [str(x) for x in range(low, high + 1)], low))
    parties = []
    for file in profiles:
        root = ET.parse(folder / file).getroot()
        w = normalised({index[el.get("index")]: F(el.get("value"))
                        for el in root.iter("weight")}, F(1, 10**9))
        contrib = {}
        for el in root.iter("issue"):
            name = el.get("name")
            if el.find("item") is not None:
                ev = {i.get("value"): F(i.get("evaluation")) for i in el.findall("item")}
                best = max(ev.values())
                contrib[name] = {k: w[name] * v / best for k, v in ev.items()}
            else:
                ev, low = el.find("evaluator"), int(el.get("lowerbound"))
                labels = next(i[1] for i in issues if i[0] == name)
                contrib[name] = {x: w[name] * clamp(F(ev.get("offset")) + F(ev.get("slope")) *
                                                    (int(x) - low)) for x in labels}
        reservation = root.find("reservation")
        parties.append((file, file, contrib, F(reservation.get("value")) if reservation is not None
                        else F(0)))
    return model_of("genius", folder, [domain, *profiles], issues, parties)


def geniusweb_model(folder, domain, profiles):
    folder = Path(folder)
    dom = json.loads((folder / domain).read_text())
    issues = [(name, spec["values"], None) for name, spec in dom["issuesValues"].items()]
    parties = []
    for file in profiles:
        space = json.loads((folder / file).read_text(), parse_float=F,
                           parse_int=F)["LinearAdditiveUtilitySpace"]
        w = normalised(space["issueWeights"], F(1, 10**9))
        contrib = {name: {label: w[name] * spec["discreteutils"]["valueUtilities"].get(label, 0)
                          for label in next(i[1] for i in issues if i[0] == name)}
                   for name, spec in space["issueUtilities"].items()}
        bid = (space.get("reservationBid") or {}).get("issuevalues", {})
        parties.append((file, file, contrib, sum((contrib[k][v] for k, v in bid.items()), F(0))))
    return model_of("geniusweb", folder, [domain, *profiles], issues, parties)


# ---- brute force -----------------------------------------------------------------------------
def packages(model, fixed=()):
    choices = [range(len(labels)) for _, labels, _ in model.issues]
    for k, v in fixed:
        choices[k] = [v]
    return list(itertools.product(*choices))


def u(model, x):
    return [sum(model.V[i][k][v] for k, v in enumerate(x)) for i in range(model.n)]


def ir(model, x):
    return all(a >= b for a, b in zip(u(model, x), model.d))


def dominates(a, b):
    return all(x >= y for x, y in zip(a, b)) and any(x > y for x, y in zip(a, b))


def dot(a, b):
    return sum((x * y for x, y in zip(a, b)), F(0))


def labels_of(model, x):
    return [model.issues[k][1][v] for k, v in enumerate(x)]


def gains(model, x):
    return prod((a - b for a, b in zip(u(model, x), model.d)), start=F(1))


def least_gain(model, x, s):
    return min((a - b) / si if si else F(1) for a, b, si in zip(u(model, x), model.d, s))


class Claim:
    """A claim's meaning, by brute force: which leaves hold at a node (a list of packages)."""

    def __init__(self, model, u_x=None, c=None, bound=None, s=None, package_ok=None):
        self.model, self.u_x, self.c, self.bound, self.s = model, u_x, c, bound, s
        self.package_ok, self.allowed, self.candidates = package_ok, set(), []

    def best(self, node, c):  # maxw(N, c), by enumeration
        return max(dot(c, u(self.model, y)) for y in node)

    def holds(self, leaf, node):
        m, kind = self.model, leaf["leaf"]
        if kind == "package":
            return self.package_ok(node[0])
        if kind in ("party", "not_ir"):
            e = [F(int(j == leaf["party"])) for j in range(m.n)]
            limit = self.u_x if kind == "party" else m.d
            return self.best(node, e) < limit[leaf["party"]]
        x = [F(v) for v in leaf.get("mu") or leaf.get("lambda") or leaf.get("w")]
        if kind == "mu":
            a, b = self.best(node, x), dot(x, self.u_x)
            return min(x) >= 0 and max(x) > 0 and (a < b or (a == b and min(x) > 0))
        if kind == "lagrange":
            return min(x) >= 0 and self.best(node, [a + b for a, b in zip(self.c, x)]) - \
                dot(x, m.d) <= self.bound
        if kind == "amgm":
            gain = max(F(0), self.best(node, x) - dot(x, m.d))
            return min(x) > 0 and prod(1 / v for v in x) * (gain / m.n) ** m.n <= self.bound
        if min(x) < 0 or any(w and not s for w, s in zip(x, self.s)) or \
                sum(w for w, s in zip(x, self.s) if s) != 1:  # wavg
            return False
        c = [w / s if w else F(0) for w, s in zip(x, self.s)]
        return self.best(node, c) - dot(c, m.d) <= self.bound

    def tree_holds(self, node, order):
        """The claim's tree proves it: every leaf is of an allowed kind and holds at its node."""
        stack = [(node, ())]
        while stack:
            node, fixed = stack.pop()
            if "split" in node:
                k = order[len(fixed)]
                stack.extend((child, fixed + ((k, t),)) for t, child in enumerate(node["split"]))
            elif node["leaf"] not in self.allowed or (
                    node["leaf"] == "package" and len(fixed) < self.model.m) or \
                    not self.holds(node, packages(self.model, fixed)):
                return False
        return True


ALLOWED = {"pareto": {"mu", "party", "package"}, "zone_empty": {"not_ir", "package"},
           "nash": {"amgm", "not_ir", "package"},
           "kalai_smorodinsky": {"wavg", "not_ir", "package"},
           "egalitarian": {"wavg", "not_ir", "package"}}


def proved(kind, claim, order, candidates, plain_first=False, **fields):
    """A claim of this kind with its producer-made tree; `_meaning` (dropped from the JSON) keeps
    the brute-force meaning for the random-tree test."""
    claim.allowed = ALLOWED.get(kind, {"lagrange", "not_ir", "package"})
    claim.candidates = candidates
    return {"claim": kind, **fields, "order": order, "_meaning": claim,
            "tree": tree(claim, order, candidates, plain_first=plain_first)}


def tree(claim, order, candidates, fixed=(), plain_first=False):
    """The producer: the first candidate leaf that holds at this node, else a split; package
    leaves at depth m. plain_first: no candidates at the root and under the first value of the
    first issue fixed (so that every tree has a split and package leaves)."""
    model = claim.model
    node = packages(model, fixed)
    if not (plain_first and (not fixed or fixed[0][1] == 0)):
        for leaf in candidates:
            if claim.holds(leaf, node):
                return leaf
    if len(fixed) == model.m:
        return {"leaf": "package"}
    k = order[len(fixed)]
    return {"split": [tree(claim, order, candidates, fixed + ((k, t),), plain_first)
                      for t in range(len(model.issues[k][1]))]}


def vectors(n, values=(0, 1, 2)):
    return [list(map(q, v)) for v in itertools.product(values, repeat=n)]


def not_ir_leaves(model):
    return [{"leaf": "not_ir", "party": i} for i in range(model.n)]


def certificate(model, claims):
    return {
        "format": "parley-certificate/1",
        "scenario": {
            "name": "test", "format": model.fmt,
            "files": [{"name": f, "sha256": hashlib.sha256((model.folder / f).read_bytes())
                       .hexdigest()} for f in model.files],
            "issues": [{"name": name, "integer": [low, low + len(labels) - 1]} if low is not None
                       else {"name": name, "values": labels} for name, labels, low in model.issues],
            "parties": [{"name": name, "file": file} for name, file in model.parties]},
        "model": {"reservation": [q(x) for x in model.d],
                  "contributions": [[[q(x) for x in row] for row in Vi] for Vi in model.V]},
        "claims": [{k: v for k, v in c.items() if k != "_meaning"} for c in claims]}


def pareto_claim(model, x, order, plain_first=False):
    u_x = u(model, x)
    claim = Claim(model, u_x=u_x, package_ok=lambda y: not dominates(u(model, y), u_x))
    leaves = [{"leaf": "party", "party": i} for i in range(model.n)] + [
        {"leaf": "mu", "mu": mu} for mu in vectors(model.n) if any(v != "0" for v in mu)]
    return proved("pareto", claim, order, leaves, plain_first, package=labels_of(model, x))


def optimisation_claims(model, order, plain_first=False):
    """ideal (one per party), utilitarian, nash, KS, egalitarian and the two lottery claims,
    each at its brute-force optimum over the IR packages (a two-party lottery search)."""
    zone = [x for x in packages(model) if ir(model, x)]
    claims, lagrange = [], [{"leaf": "lagrange", "lambda": v} for v in vectors(model.n)]
    cond = lambda value, bound: lambda y: not ir(model, y) or value(y) <= bound  # noqa: E731
    ideal = []
    for i in range(model.n):
        x = max(zone, key=lambda y: u(model, y)[i])
        ideal.append(u(model, x)[i])
        c = Claim(model, c=[F(int(j == i)) for j in range(model.n)], bound=ideal[i],
                  package_ok=cond(lambda y: u(model, y)[i], ideal[i]))
        claims.append(proved("ideal", c, order, not_ir_leaves(model) + lagrange, plain_first,
                             party=i, package=labels_of(model, x), value=q(ideal[i])))
    x = max(zone, key=lambda y: sum(u(model, y)))
    v = sum(u(model, x))
    c = Claim(model, c=[F(1)] * model.n, bound=v, package_ok=cond(lambda y: sum(u(model, y)), v))
    claims.append(proved("utilitarian", c, order, not_ir_leaves(model) + lagrange, plain_first,
                         package=labels_of(model, x), value=q(v), bound=q(v)))
    x = max(zone, key=lambda y: gains(model, y))
    p = gains(model, x)
    amgm = [{"leaf": "amgm", "w": [q(scale / (a - b)) for a, b in zip(u(model, x), model.d)]}
            for scale in (1, 2, F(1, 3))] if p > 0 else []  # (the bound is scale-invariant)
    c = Claim(model, bound=p, package_ok=cond(lambda y: gains(model, y), p))
    claims.append(proved("nash", c, order, not_ir_leaves(model) + amgm, plain_first,
                         package=labels_of(model, x), value=q(p), bound=q(p)))
    s_ks = [a - b for a, b in zip(ideal, model.d)]
    for kind, s in (("kalai_smorodinsky", s_ks), ("egalitarian", [F(1)] * model.n)):
        x = max(zone, key=lambda y: least_gain(model, y, s))
        t = least_gain(model, x, s)
        wavg = [{"leaf": "wavg", "w": [q(a) for a in w]} for w in
                ([(F(k, 4), 1 - F(k, 4)) for k in range(5)] if model.n == 2 else [])
                if all(a == 0 or si for a, si in zip(w, s))]
        c = Claim(model, bound=t, s=s, package_ok=cond(lambda y: least_gain(model, y, s), t))
        claim = proved(kind, c, order, not_ir_leaves(model) + wavg, plain_first,
                       package=labels_of(model, x), value=q(t), bound=q(t))
        if not any(s):
            claim["tree"] = None  # every s_i = 0: t(y) = 1 for every package, no tree
        if kind == "kalai_smorodinsky":
            claim["ideal"] = [q(a) for a in ideal]
        claims.append(claim)
    for claim in (nash_lottery(model, zone, order, plain_first, lagrange),
                  ks_lottery(model, zone, ideal, order, plain_first, lagrange)):
        if claim:
            claims.append(claim)
    return claims


def mixes(model, zone):
    """(A, B, u_A, delta) for every pair of IR packages (A == B included)."""
    for a, b in itertools.product(zone, repeat=2):
        ua, ub = u(model, a), u(model, b)
        yield a, b, ua, [y - x for x, y in zip(ua, ub)]


def lottery(model, a, b, p):
    return [{"package": labels_of(model, a), "probability": q(1 - p)},
            {"package": labels_of(model, b), "probability": q(p)}]


def nash_lottery(model, zone, order, plain_first, lagrange):
    if model.n != 2:
        return None
    for a, b, ua, delta in mixes(model, zone):
        g = [x - y for x, y in zip(ua, model.d)]
        points = [F(0), F(1)]
        if delta[0] * delta[1]:
            points.append(-(g[0] * delta[1] + g[1] * delta[0]) / (2 * delta[0] * delta[1]))
        for p in (p for p in points if 0 <= p <= 1):
            U = [x + p * y for x, y in zip(ua, delta)]
            if all(x > y for x, y in zip(U, model.d)):
                w = [1 / (x - y) for x, y in zip(U, model.d)]
                bound = model.n + dot(w, model.d)
                if all(dot(w, u(model, y)) <= bound for y in zone):
                    c = Claim(model, c=w, bound=bound, package_ok=lambda y: not ir(model, y) or
                              dot(w, u(model, y)) <= bound)
                    return proved("nash_lottery", c, order, not_ir_leaves(model) + lagrange,
                                  plain_first, lottery=lottery(model, a, b, p),
                                  utilities=[q(x) for x in U])
    return None


def ks_lottery(model, zone, ideal, order, plain_first, lagrange):
    if model.n != 2:
        return None
    s = [a - b for a, b in zip(ideal, model.d)]
    found = []  # (t, a, b, p, delta): where the ray d + t s meets a segment [u_A, u_B]
    for a, b, ua, delta in mixes(model, zone):
        g = [x - y for x, y in zip(ua, model.d)]
        det = delta[0] * s[1] - delta[1] * s[0]
        if det:  # t s - p delta = g
            t, p = (g[1] * delta[0] - g[0] * delta[1]) / det, (s[0] * g[1] - s[1] * g[0]) / det
            if 0 <= p <= 1:
                found.append((t, a, b, p, delta))
    if not found:
        return None
    t_best = max(f[0] for f in found)
    point = [x + t_best * y for x, y in zip(model.d, s)]
    for t, a, b, p, delta in found:
        for w in ([delta[1], -delta[0]], [-delta[1], delta[0]], [F(1), F(0)], [F(0), F(1)]):
            if t == t_best and min(w) >= 0 and dot(w, s) > 0 and \
                    all(dot(w, u(model, y)) <= dot(w, point) for y in zone):
                bound = dot(w, point)
                c = Claim(model, c=w, bound=bound, package_ok=lambda y: not ir(model, y) or
                          dot(w, u(model, y)) <= bound)
                return proved("kalai_smorodinsky_lottery", c, order,
                              not_ir_leaves(model) + lagrange, plain_first,
                              lottery=lottery(model, a, b, p), ideal=[q(x) for x in ideal],
                              t=q(t), support=[q(x) for x in w])
    return None


def leaf_kinds(node, kinds=None):
    kinds = set() if kinds is None else kinds
    if node and "split" in node:
        for child in node["split"]:
            leaf_kinds(child, kinds)
    elif node:
        kinds.add(node["leaf"])
    return kinds


# ---- the tiny scenario and its stored certificates -------------------------------------------
def tiny_certificate():
    """Every claim kind on tests/certify/data/py/tiny.yaml, as the stored certificate holds."""
    model = native_model(DATA / "tiny.yaml")
    order = [2, 0, 1]
    pareto = [x for x in packages(model) if not any(
        dominates(u(model, y), u(model, x)) for y in packages(model))]
    dominated = next(x for x in packages(model) if x not in pareto)
    witness = next(y for y in packages(model) if dominates(u(model, y), u(model, dominated)))
    claims = [pareto_claim(model, x, order, plain_first=True) for x in pareto[:3]]
    claims.append({"claim": "not_pareto", "package": labels_of(model, dominated),
                   "dominated_by": labels_of(model, witness),
                   "words": ["The second package is better for both."]})
    claims += optimisation_claims(model, order, plain_first=True)
    claims.append({"claim": "pareto", "package": labels_of(model, pareto[0]),
                   "verified_by": "enumeration"})
    return model, certificate(model, claims)


def nozone_certificate():
    model = native_model(DATA / "tiny-nozone.yaml")
    assert not any(ir(model, x) for x in packages(model))
    claim = Claim(model, package_ok=lambda y: not ir(model, y))
    return model, certificate(model, [proved("zone_empty", claim, [0, 1, 2],
                                             not_ir_leaves(model), plain_first=True)])


def test_tiny_model_worked_by_hand():
    model = native_model(DATA / "tiny.yaml")
    assert model.d == [F(3, 10), F(11, 80)]  # bob: u(status quo) = (0 + 1/4 + 3/10) / 4
    assert u(model, (1, 1, 1)) == [F(1, 2) * F(8, 10) + F(1, 5) + F(3, 10) * F(1, 2),
                                   (2 * F(6, 10) + F(1, 4) + F(65, 100)) / 4]


def test_stored_certificates_are_the_brute_force_ones():
    for name, make in (("tiny.cert.json", tiny_certificate),
                       ("tiny-nozone.cert.json", nozone_certificate)):
        assert json.loads((DATA / name).read_text()) == make()[1], name


def test_valid_certificates_of_every_kind_are_accepted():
    _, cert = tiny_certificate()
    kinds = {c["claim"] for c in cert["claims"]}
    assert kinds == {"pareto", "not_pareto", "ideal", "utilitarian", "nash", "kalai_smorodinsky",
                     "egalitarian", "nash_lottery", "kalai_smorodinsky_lottery"}
    leaves = set().union(*(leaf_kinds(c.get("tree")) for c in cert["claims"]))
    assert leaves == {"mu", "party", "not_ir", "lagrange", "amgm", "wavg", "package"}
    done = run(DATA / "tiny.yaml", DATA / "tiny.cert.json")
    count = len(cert["claims"])
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1] == \
        f"{count} claims: {count - 1} ok, 0 rejected, 1 not checked"
    assert f"claim {count} pareto: not checked: verified by enumeration only" in done.stdout
    assert all(line.endswith(": ok") for line in done.stdout.splitlines()[:count - 1])
    quiet = run(DATA, DATA / "tiny.cert.json", "--quiet")  # SCENARIO as a folder too
    assert quiet.returncode == 0 and quiet.stdout.count("\n") == 1
    zone = run(DATA / "tiny-nozone.yaml", DATA / "tiny-nozone.cert.json")
    assert zone.returncode == 0 and zone.stdout == \
        "claim 1 zone_empty: ok\n1 claims: 1 ok, 0 rejected, 0 not checked\n"
    assert {"not_ir", "package"} <= leaf_kinds(nozone_certificate()[1]["claims"][0]["tree"])


def first_leaf(node, kind):
    stack = [node]
    while stack:
        node = stack.pop()
        if "split" in node:
            stack.extend(node["split"])
        elif node["leaf"] == kind:
            return node
    raise AssertionError(f"no {kind} leaf")


def claim_of(cert, kind, leaf=None):
    """The first claim of this kind (with a leaf of that kind in its tree)."""
    return next(j for j, c in enumerate(cert["claims"]) if c["claim"] == kind and
                "verified_by" not in c and (leaf is None or leaf in leaf_kinds(c["tree"])))


def with_leaf(cert, leaf):
    return next(c for c in cert["claims"] if leaf in leaf_kinds(c.get("tree")))


def tamper(cert, kind, change, leaf=None):
    bad = copy.deepcopy(cert)
    j = claim_of(bad, kind, leaf)
    change(bad["claims"][j])
    return bad, j + 1


def minus(x, eps=F(1, 1000)):
    return q(F(x) - eps)


def dominated_package():
    """The tiny certificate's not_pareto package: not Pareto-optimal."""
    _, cert = tiny_certificate()
    return cert["claims"][claim_of(cert, "not_pareto")]["package"]


def lower_first(key):
    return lambda c: c.update({key: [minus(c[key][0])] + c[key][1:]})


def negative_draw(claim):
    """The same expected utilities, from a 'lottery' with a probability -1."""
    first = claim["lottery"][0]
    first["probability"] = q(F(first["probability"]) + 1)
    claim["lottery"].append({"package": first["package"], "probability": "-1"})


def change_leaf(kind, **fields):
    return lambda c: first_leaf(c["tree"], kind).update(fields)


@pytest.mark.parametrize("kind,leaf,change", [
    ("utilitarian", None, lambda c: c.update(value=minus(c["value"]))),  # a number changed
    ("utilitarian", None, lambda c: c.update(bound=minus(c["bound"]))),  # a bound tightened
    ("nash", None, lambda c: c.update(bound=minus(c["bound"]))),
    ("nash", None, lambda c: c.update(value=minus(c["value"]))),
    ("egalitarian", None, lambda c: c.update(bound=minus(c["bound"]))),
    ("kalai_smorodinsky", None, lambda c: c.update(bound=minus(c["bound"]))),
    ("kalai_smorodinsky", None, lower_first("ideal")),
    ("ideal", None, lambda c: c.update(value=minus(c["value"]))),
    ("nash_lottery", None, lower_first("utilities")),
    ("nash_lottery", None, lambda c: c["lottery"][0].update(probability="0")),
    ("nash_lottery", None, negative_draw),
    ("nash_lottery", None, lambda c: c.update(lottery=[  # 4 draws: more than n + 1
        dict(d, probability=q(F(d["probability"]) / 2)) for d in c["lottery"] * 2])),
    ("kalai_smorodinsky_lottery", None, negative_draw),
    ("kalai_smorodinsky_lottery", None, lambda c: c.update(t=minus(c["t"]))),
    ("kalai_smorodinsky_lottery", None, lambda c: c.update(support=["0", "0"])),
    ("not_pareto", None, lambda c: c.update(dominated_by=c["package"])),
    ("pareto", None, lambda c: c.update(package=dominated_package())),
    ("pareto", "mu", change_leaf("mu", mu=["0", "0"])),
    ("pareto", "package", change_leaf("package", leaf="not_ir", party=0)),  # not a pareto leaf
    ("ideal", "lagrange", change_leaf("lagrange", **{"lambda": ["-1", "0"]})),
    ("utilitarian", "package", change_leaf("package", leaf="mu", mu=["1", "1"])),
    ("nash", "amgm", change_leaf("amgm", w=["0", "1"])),
    ("kalai_smorodinsky", "wavg", change_leaf("wavg", w=["1/2", "1/3"])),
])
def test_tampered_claims_are_rejected(kind, leaf, change):
    _, cert = tiny_certificate()
    bad, j = tamper(cert, kind, change, leaf)
    done = run(DATA / "tiny.yaml", bad)
    assert done.returncode == 1, done.stdout + done.stderr
    assert verdicts(done)[j] == "rejected", done.stdout


def test_rejection_names_the_node_the_leaf_and_the_numbers():
    model, cert = tiny_certificate()
    x = tuple(model.issues[k][1].index(label)
              for k, label in enumerate(cert["claims"][0]["package"]))
    u_x = u(model, x)[0]
    # party 0's best with qty fixed, first value (in order) where it is not below u_0(X)
    qty, best = next((t, b) for t in range(3) if (b := max(u(model, y)[0] for y in packages(
        model, ((2, t),)))) >= u_x)
    bad = copy.deepcopy(cert)
    bad["claims"] = [dict(bad["claims"][0], tree={"split": [{"leaf": "party", "party": 0}] * 3})]
    done = run(DATA / "tiny.yaml", bad)
    assert done.returncode == 1
    assert done.stdout.splitlines()[0] == (
        f"claim 1 pareto: rejected: node [qty={qty + 1}]: party bound maxw(N, e_0) = "
        f"{q(best)} >= u_0(X) = {q(u_x)}")
    bad, j = tamper(cert, "utilitarian", lambda c: c.update(bound=minus(c["bound"])))
    line = run(DATA / "tiny.yaml", bad).stdout.splitlines()[j - 1]
    value = F(cert["claims"][j - 1]["value"])
    assert line == f"claim {j} utilitarian: rejected: value {q(value)} > bound " \
                   f"{q(value - F(1, 1000))}"


def test_model_files_and_hashes_must_match(tmp_path):
    _, cert = tiny_certificate()
    bad = copy.deepcopy(cert)
    bad["model"]["contributions"][1][0][1] = "1/7"  # a model number changed
    done = run(DATA / "tiny.yaml", bad)
    assert done.returncode == 1
    assert verdicts(done) and set(verdicts(done).values()) == {"rejected"}
    assert "party 1 (bob), issue colour, value green: certificate 1/7" in done.stdout
    bad = copy.deepcopy(cert)
    bad["model"]["reservation"][0] = "3/11"
    assert run(DATA / "tiny.yaml", bad).returncode == 1
    bad = copy.deepcopy(cert)
    bad["scenario"]["files"][0]["sha256"] = "0" * 64  # wrong SHA-256
    done = run(DATA / "tiny.yaml", bad)
    assert done.returncode == 1 and "SHA-256" in done.stdout + done.stderr
    bad = copy.deepcopy(cert)
    bad["scenario"]["issues"][0]["values"][0] = "crimson"
    assert run(DATA / "tiny.yaml", bad).returncode == 1
    bad["claims"] = []  # no claim, but the files do not match: still status 1
    assert run(DATA / "tiny.yaml", bad).returncode == 1
    bad = copy.deepcopy(cert)
    bad["scenario"]["files"][0]["name"] = "absent.yaml"  # a missing file
    bad["scenario"]["parties"] = [{"name": p["name"], "file": "absent.yaml"}
                                  for p in bad["scenario"]["parties"]]
    done = run(DATA, bad)
    assert done.returncode == 2 and "absent.yaml" in done.stderr
    assert run(DATA / "tiny-nozone.yaml", cert).returncode == 1  # another scenario file


def deep(levels):
    return {"leaf": "package"} if not levels else {"split": [deep(levels - 1)] * levels}


def ideal_claim(cert):
    return cert["claims"][claim_of(cert, "ideal")]


@pytest.mark.parametrize("change,field", [
    (lambda c: c["claims"][0]["tree"].update(split=c["claims"][0]["tree"]["split"][:-1]),
     "claims[0].tree.split"),                                  # a leaf removed: 2 children of 3
    (lambda c: c.update(claims="all"), "claims"),
    (lambda c: c["model"].update(reservation=[0.3, 0.1375]), "model.reservation[0]"),
    (lambda c: ideal_claim(c).update(value="1" * 10001), "value"),
    (lambda c: ideal_claim(c).update(value="1/0"), "value"),
    (lambda c: ideal_claim(c).update(value="0.5"), "value"),
    (lambda c: ideal_claim(c).update(party=2), "party"),
    (lambda c: ideal_claim(c).update(party=-1), "party"),
    (lambda c: c["scenario"]["files"][0].update(name="../py/tiny.yaml"), "files[0].name"),
    (lambda c: c["scenario"]["files"][0].update(name="py/tiny.yaml"), "files[0].name"),
    (lambda c: c["claims"][0].update(tree={"split": [deep(3)] * 3}), "split"),  # deeper than m
    (lambda c: first_leaf(with_leaf(c, "party")["tree"], "party").update(party=7), "party"),
    (lambda c: first_leaf(with_leaf(c, "not_ir")["tree"], "not_ir").update(party="0"), "party"),
    (lambda c: first_leaf(with_leaf(c, "mu")["tree"], "mu").update(mu=["1"]), "mu"),
    (lambda c: first_leaf(with_leaf(c, "wavg")["tree"], "wavg").update(w="1/2"), "w"),
    (lambda c: c["claims"][0].update(order=[0, 0, 1]), "order"),
    (lambda c: c["claims"][0].update(package=["red", "small"]), "package"),
    (lambda c: c["claims"][0].update(tree={"split": []}), "split"),
    (lambda c: c["claims"][0].update(tree=[[[[[]]]]]), "tree"),
    (lambda c: c["claims"][0].update(verified_by="faith"), "verified_by"),
    (lambda c: c["claims"][0].update(claim="Pareto!"), "claim"),
    (lambda c: c["claims"][0].update(claim="ideal_point"), "claims[0].claim"),  # unknown kind
    (lambda c: first_leaf(with_leaf(c, "lagrange")["tree"], "lagrange").update(
        leaf="lagrangian"), "leaf"),                                          # unknown leaf kind
    (lambda c: c.update(format="parley-certificate/2"), "format"),
])
def test_hostile_certificates_exit_2_with_a_message(change, field):
    _, cert = tiny_certificate()
    bad = copy.deepcopy(cert)
    change(bad)
    done = run(DATA / "tiny.yaml", bad)
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stderr.startswith("error: <stdin>: ") and field in done.stderr, done.stderr
    assert done.stdout == ""


def test_duplicate_json_keys_exit_2():
    text = (DATA / "tiny.cert.json").read_text().replace('"format": "parley-certificate/1"',
                                                         '"format": "parley-certificate/1", '
                                                         '"format": "parley-certificate/1"', 1)
    done = subprocess.run([PYTHON, str(CHECKER), str(DATA / "tiny.yaml"), "-"], input=text,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 2 and "key 'format' twice" in done.stderr, done.stderr


@pytest.mark.parametrize("depth", [2000, 100_000])
def test_deeply_nested_json_exits_2(depth):
    _, cert = tiny_certificate()  # nesting too deep for json.dumps: spliced in as text
    text = json.dumps(cert).replace('"claims": [', '"claims": [' + "[" * depth + "]" * depth
                                    + ",", 1)
    done = subprocess.run([PYTHON, str(CHECKER), str(DATA / "tiny.yaml"), "-"], input=text,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 2 and done.stderr.startswith("error: <stdin>: "), done.stderr
    assert "Traceback" not in done.stderr
    for bad in ("{", "", "[1, 2", '{"format": NaN}', "\xff"):
        done = subprocess.run([PYTHON, str(CHECKER), str(DATA / "tiny.yaml"), "-"], input=bad,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 2 and "error: <stdin>: " in done.stderr, (bad, done.stderr)


@pytest.mark.parametrize("text,field", [
    ("parley: 1\nissues: [\n", "YAML syntax"),
    ("parley: 1\nissues: [{name: a, real: [0, 1]}]\nparties: []\n",
     "real issues are not certified"),
    ("parley: 1\nissues: [{name: a, options: [x, y]}]\nparties:\n - {name: p, rectangles: {}}\n",
     "nonlinear"),
    ("parley: 1\nissues: [{name: a, options: [x, y]}]\nparties:\n"
     " - {name: p, weights: {a: 1}, scores: {a: {x: 1, y: .inf}}}\n", "parties.p.scores.a.y"),
    ("parley: 1\nissues: [{name: a, options: [x, y]}]\nparties:\n"
     " - {name: p, weights: {a: 1e99999999}, scores: {a: {x: 1, y: 2}}}\n", "parties.p.weights.a"),
    ("parley: 1\nissues: [{name: a, options: [x, y]}]\nparties:\n"
     " - {name: p, weights: {a: \u0661}, scores: {a: {x: 1, y: 2}}}\n", "parties.p.weights.a"),
    ("parley: 1\nissues: [{name: a, range: [1, 2]}]\nparties:\n - {name: p, weights: {a: 1},"
     " functions: {a: {linear: {slope: 1, offset: 0, clip: [1]}}}}\n", "linear.clip"),
    ("parley: 1\nissues: [{name: a, options: [x, y]}]\nparties:\n - {name: p, weights: {a: 1},"
     " scores: {a: {x: 1}}}\n", "parties.p.scores.a"),
    ("parley: 1\nissues: [{name: a, options: [x, y]}]\nissues: []\n", "YAML syntax"),
    ("parley: 1\nissues: [{name: a, options: [x, y]}]\nparties:\n - {name: p, weigths: {}}\n",
     "unknown key 'weigths'"),
    ("a: &a [*a]\n", "YAML"),
    (b"parley: 1\nname: \xff\xfe\n", "YAML"),
])
def test_unreadable_scenarios_exit_2(tmp_path, text, field):
    data = text if isinstance(text, bytes) else text.encode()
    (tmp_path / "s.yaml").write_bytes(data)
    cert = {"format": "parley-certificate/1", "scenario": {
        "name": "s", "format": "native", "files": [{"name": "s.yaml", "sha256": hashlib.sha256(
            data).hexdigest()}], "issues": [{"name": "a", "values": ["x", "y"]}],
        "parties": [{"name": "p", "file": "s.yaml"}, {"name": "q", "file": "s.yaml"}]},
        "model": {}, "claims": []}
    done = run(tmp_path / "s.yaml", cert)
    assert done.returncode == 2 and "s.yaml" in done.stderr and field in done.stderr, done.stderr


def test_files_that_are_not_regular_files_exit_2(tmp_path):
    import os
    os.mkfifo(tmp_path / "pipe.yaml")  # reading it would block for ever
    (tmp_path / "dir.yaml").mkdir()
    for file in ("pipe.yaml", "dir.yaml"):
        cert = {"format": "parley-certificate/1", "scenario": {
            "name": "s", "format": "native", "files": [{"name": file, "sha256": "0" * 64}],
            "issues": [{"name": "a", "values": ["x"]}],
            "parties": [{"name": "p", "file": file}, {"name": "q", "file": file}]},
            "model": {}, "claims": []}
        done = run(tmp_path, cert)
        assert done.returncode == 2 and file in done.stderr and "regular" in done.stderr


def test_hostile_geniusweb_and_genius_files(tmp_path):
    domain = {"name": "d", "issuesValues": {"a": {"values": ["x", "y"]}}}
    profile = {"LinearAdditiveUtilitySpace": {"issueWeights": {"a": 1}, "issueUtilities": {
        "a": {"discreteutils": {"valueUtilities": {"x": 1, "y": 0}}}},
        "reservationBid": {"issuevalues": ["x"]}}}
    texts = {"d.json": json.dumps(domain), "p.json": json.dumps(profile), "q.json": "{",
             "d.xml": "<negotiation_template><utility_space><objective><issue index='1' "
                      "name='a' type='discrete'><item value='x'/></issue></objective>"
                      "</utility_space></negotiation_template>", "p.xml": "<utility_space",
             "n.xml": "<utility_space type='nonlinear'/>"}
    for name, text in texts.items():
        (tmp_path / name).write_text(text)
    for fmt, files, field in (("geniusweb", ["d.json", "p.json", "p.json"], "issuevalues"),
                              ("geniusweb", ["d.json", "q.json", "q.json"], "q.json: JSON"),
                              ("genius", ["d.xml", "p.xml", "p.xml"], "p.xml: XML"),
                              ("genius", ["d.xml", "n.xml", "n.xml"], "nonlinear")):
        cert = {"format": "parley-certificate/1", "scenario": {
            "name": "s", "format": fmt, "files": [{"name": f, "sha256": hashlib.sha256(
                (tmp_path / f).read_bytes()).hexdigest()} for f in dict.fromkeys(files)],
            "issues": [{"name": "a", "values": ["x", "y"]}],
            "parties": [{"name": f, "file": f} for f in files[1:]]}, "model": {}, "claims": []}
        done = run(tmp_path / files[0], cert)
        assert done.returncode == 2 and field in done.stderr, (files, done.stderr)


def test_number_reading():
    spec = importlib.util.spec_from_file_location("parley_check", CHECKER)
    checker = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(checker)
    for text, value in (("0.35", F(7, 20)), ("1e-3", F(1, 1000)), (".5", F(1, 2)), ("+1", F(1)),
                        ("-2.5E+2", F(-250)), ("7", F(7)), ("3.", F(3))):
        assert checker.decimal(text, "f", "x") == value
    for text in ("0x10", "1_000", ".inf", "nan", "1/2", "", "1e500", "- 1"):
        with pytest.raises(checker.InputError):
            checker.decimal(text, "f", "x")
    assert checker.Issue.integer("n", 3, 6, "f").find("5.0") == 2
    issue = checker.Issue.integer("n", 0, 6, "f")

    def values(spec):
        return [checker.native_function(spec, issue, "f", "x")(x) for x in issue.numbers]
    assert values({"triangular": {"lower": "1", "upper": "5", "top": "1"}}) == \
        [0, 1, F(3, 4), F(1, 2), F(1, 4), 0, 0]  # 1 at top, even at the lower end
    assert values({"triangular": {"lower": "1", "upper": "5", "top": "5"}}) == \
        [0, 0, F(1, 4), F(1, 2), F(3, 4), 1, 0]
    assert values({"triangular": {"lower": "2", "upper": "2", "top": "2"}}) == [0, 0, 1, 0, 0, 0, 0]
    assert values({"linear": {"slope": "0.5", "offset": "-.5", "origin": "1", "clip": "No"}}) == \
        [-1, F(-1, 2), 0, F(1, 2), 1, F(3, 2), 2]
    assert values({"linear": {"slope": "0.5", "offset": "-.5", "origin": "1"}}) == \
        [0, 0, 0, F(1, 2), 1, 1, 1]
    assert values({"constant": "1.5"}) == [F(3, 2)] * 7


# ---- random scenarios: the checker agrees with brute force -----------------------------------
def random_scenario(rng, path):
    issues = [{"name": f"i{k}", "options": [f"o{k}{t}" for t in range(rng.randint(2, 3))]}
              for k in range(rng.randint(2, 3))]
    if rng.random() < 0.7:
        issues.append({"name": "n", "range": [rng.randint(-1, 1), rng.randint(1, 3)]})
    parties = []
    for p in range(2):
        if p == 0:  # within 10^-6 of summing to 1: used as written, not divided
            ints = [rng.randint(1 if k == 0 else 0, 4) for k in range(len(issues))]
            weights = {i["name"]: f"{a / sum(ints):.7f}" for i, a in zip(issues, ints)}
        else:  # divided by their sum
            weights = {i["name"]: rng.choice(["0.25", "1", "2", "0.35", "0", "1e-1"])
                       for i in issues}
            weights[issues[0]["name"]] = rng.choice(["0.5", "3"])
        party = {"name": f"p{p}", "weights": weights, "scores": {}, "utilities": {}}
        for i in issues:
            if "options" in i:
                kind = rng.choice(["scores", "utilities"])
                party[kind][i["name"]] = {o: rng.choice(["0", "1", "3", "10"]) if kind == "scores"
                                          else rng.choice(["0", "0.2", ".5", "1", "7.5e-1"])
                                          for o in i["options"]}
            else:
                low, high = i["range"]
                party["functions"] = {"n": rng.choice([
                    {"linear": {"slope": rng.choice(["0.4", "-0.3", "1"]), "offset": "0.2"}},
                    {"linear": {"slope": "-0.25", "offset": "1", "origin": str(low - 1),
                                "clip": rng.choice(["false", "true"])}},
                    {"triangular": {"lower": str(low - 1), "upper": str(high + 1),
                                    "top": str(low) + ".5"}}])}
        party = {k: v for k, v in party.items() if v}
        choice = rng.random()
        if choice < 0.5:
            party["walk_away"] = rng.choice(["0", "0.1", "0.2", "0.25", "0.5", "0.6"])
        elif choice < 0.8:
            party["walk_away_package"] = {i["name"]: i["options"][0] if "options" in i
                                          else str(i["range"][0]) for i in issues}
        parties.append(party)
    doc = {"parley": 1, "name": path.stem, "issues": issues, "parties": parties}
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    return native_model(path)


@pytest.mark.parametrize("seed", range(12))
def test_random_scenarios_agree_with_brute_force(tmp_path, seed):
    rng = random.Random(seed)
    model = random_scenario(rng, tmp_path / f"random{seed}.yaml")
    order = list(range(model.m))
    rng.shuffle(order)
    claims, pareto = [], []
    for x in packages(model):  # a pareto claim for every package: ok exactly when Pareto-optimal
        better = [y for y in packages(model) if dominates(u(model, y), u(model, x))]
        pareto.append(not better)
        claims.append(pareto_claim(model, x, order))
        if better:
            claims.append({"claim": "not_pareto", "package": labels_of(model, x),
                           "dominated_by": labels_of(model, rng.choice(better))})
    if any(ir(model, x) for x in packages(model)):
        claims += optimisation_claims(model, order)
    else:
        claims.append(proved("zone_empty", Claim(model, package_ok=lambda y: not ir(model, y)),
                             order, not_ir_leaves(model)))
    cert = certificate(model, claims)
    done = run(tmp_path / f"random{seed}.yaml", cert)
    got = verdicts(done)
    expected = {}
    j = 0
    for is_pareto in pareto:
        j += 1
        expected[j] = "ok" if is_pareto else "rejected"
        if not is_pareto:
            j += 1
            expected[j] = "ok"
    expected.update({k: "ok" for k in range(j + 1, len(claims) + 1)})
    assert got == expected, done.stdout
    assert done.returncode == (0 if all(pareto) else 1)
    # Tightening any optimisation bound by 1/1000 is caught.
    for j, claim in enumerate(claims):
        key = {"ideal": "value", "nash_lottery": None, "kalai_smorodinsky_lottery": "t"}.get(
            claim["claim"], "bound")
        if claim["claim"] in ("pareto", "not_pareto", "zone_empty", "nash_lottery") or \
                claim.get(key) is None:
            continue
        bad = [dict(claim, **{key: minus(claim[key])})]
        if claim["claim"].startswith("kalai_smorodinsky"):
            bad += [c for c in claims if c["claim"] == "ideal"]
        done = run(tmp_path / f"random{seed}.yaml", certificate(model, bad))
        assert done.returncode == 1 and verdicts(done)[1] == "rejected", (claim, done.stdout)


def leaf_pool(model):
    """Leaves of every kind with small parameters: many hold, many fail, some tie exactly, some
    are invalid (mu all 0, a negative multiplier, an amgm weight 0, wavg weights not summing
    to 1)."""
    n = model.n
    pool = [{"leaf": kind, "party": i} for kind in ("party", "not_ir") for i in range(n)]
    pool += [{"leaf": "mu", "mu": v} for v in vectors(n, (0, 1, F(1, 2)))]
    pool += [{"leaf": "lagrange", "lambda": v} for v in vectors(n, (-1, 0, 1, 3))]
    pool += [{"leaf": "amgm", "w": v} for v in vectors(n, (0, F(1, 2), 1, 2, 4))]
    pool += [{"leaf": "wavg", "w": [q(F(k, 4)), q(1 - F(k, 4))]} for k in range(5)]
    return pool + [{"leaf": "wavg", "w": ["1/2", "1/3"]}, {"leaf": "package"}]


def random_tree(rng, meaning, order, pool, fixed=()):
    model = meaning.model
    if len(fixed) == model.m or rng.random() < (0.2 if not fixed else 0.45):
        r = rng.random()
        if r < 0.25 and len(fixed) == model.m or r < 0.03:
            return {"leaf": "package"}
        allowed = [leaf for leaf in pool if leaf["leaf"] in meaning.allowed]
        return copy.deepcopy(rng.choice(meaning.candidates if r < 0.5 and meaning.candidates
                                        else allowed if r < 0.95 else pool))
    k = order[len(fixed)]
    return {"split": [random_tree(rng, meaning, order, pool, fixed + ((k, t),))
                      for t in range(len(model.issues[k][1]))]}


@pytest.mark.parametrize("seed", range(8))
def test_random_trees_agree_with_brute_force(tmp_path, seed):
    """Random trees of random leaves: the checker accepts a claim exactly when brute force shows
    that every leaf holds at its node (strict and non-strict inequalities, ties, invalid
    parameters, leaves of the wrong kind or depth)."""
    rng = random.Random(1000 + seed)
    path = tmp_path / f"tree{seed}.yaml"
    model = random_scenario(rng, path)
    order = list(range(model.m))
    rng.shuffle(order)
    base = [pareto_claim(model, x, order) for x in rng.sample(packages(model), 4)]
    if any(ir(model, x) for x in packages(model)):
        base += optimisation_claims(model, order)
    else:
        base.append(proved("zone_empty", Claim(model, package_ok=lambda y: not ir(model, y)),
                           order, not_ir_leaves(model)))
    ideals = [c for c in base if c["claim"] == "ideal"]
    plain, ks, pool = [], [], leaf_pool(model)
    for claim in base:
        for _ in range(12):
            variant = dict(claim, tree=random_tree(rng, claim["_meaning"], order, pool))
            expected = claim["_meaning"].tree_holds(variant["tree"], order)
            (ks if claim["claim"].startswith("kalai") else plain).append((variant, expected))
    seen = set()
    for claims, prefix in ((plain, []), (ks, ideals)):  # KS: beside valid ideal claims only
        if not claims:
            continue
        done = run(path, certificate(model, prefix + [c for c, _ in claims]))
        got = verdicts(done)
        assert all(got[j] == "ok" for j in range(1, len(prefix) + 1)), done.stdout
        wrong = [(j, c["claim"], got[j], expected) for j, (c, expected) in
                 enumerate(claims, len(prefix) + 1) if (got[j] == "ok") != expected]
        assert not wrong, (wrong, done.stdout)
        seen |= {expected for _, expected in claims}
    assert seen == {True, False}


def test_kalai_smorodinsky_needs_verified_ideal_claims():
    _, cert = tiny_certificate()
    claims = [c for c in cert["claims"] if c["claim"] != "ideal"]
    ideals = [c for c in cert["claims"] if c["claim"] == "ideal"]
    ks = [j for j, c in enumerate(claims, 1) if c["claim"].startswith("kalai")]
    assert len(ks) == 2 and len(ideals) == 2

    def ks_verdicts(ideal_claims):
        done = run(DATA / "tiny.yaml", dict(cert, claims=claims + ideal_claims))
        return {verdicts(done)[j] for j in ks}, done.stdout

    assert ks_verdicts(ideals)[0] == {"ok"}  # ideal claims after the KS claims
    assert ks_verdicts([])[0] == {"rejected"}
    assert ks_verdicts(ideals[:1])[0] == {"rejected"}
    broken = dict(ideals[1], tree={"leaf": "not_ir", "party": 0})  # its value is still right
    got, out = ks_verdicts([ideals[0], broken])
    assert got == {"rejected"} and "ideal claim for party 1 (bob) is rejected" in out
    # An ideal claim only verified by enumeration: the KS claims are not checked (their own
    # proofs hold, but they rest on it); rejected when its value is not their ideal.
    enumerated = dict(ideals[1], verified_by="enumeration")
    del enumerated["tree"]
    got, out = ks_verdicts([ideals[0], enumerated])
    assert got == {"not checked"} and "uses ideal claim" in out, out
    assert ks_verdicts(ideals + [enumerated])[0] == {"not checked"}
    assert ks_verdicts([ideals[0], dict(enumerated, value=minus(enumerated["value"]))])[0] == \
        {"rejected"}
    done = run(DATA / "tiny.yaml", dict(cert, claims=claims + [ideals[0], enumerated]))
    assert done.returncode == 0, done.stdout


EDGE = """parley: 1
issues: [{name: x, options: [a, b]}, {name: y, options: [c, d]}]
parties:
  - name: A
    weights: {x: 1, y: 1}
    utilities: {x: {a: 1, b: 0}, y: {c: 1, d: 0}}
    walk_away_package: {x: a, y: c}          # d_A = 1: only (a, c) is IR, and only just
  - name: B
    weights: {x: 0.5, y: 0.5}
    utilities: {x: {a: 1, b: 0.5}, y: {c: 0.5, d: 1}}
    WALK
"""


def test_edges_ties_at_the_reservation_values_and_zero_ideal_gains(tmp_path):
    """IR is u >= d exactly; s_i = I_i - d_i = 0 for a party (wavg must give it weight 0), and
    for every party (KS needs no tree)."""
    path = tmp_path / "edge.yaml"
    path.write_text(EDGE.replace("WALK", "walk_away_package: {x: a, y: c}"))  # d_B = 3/4
    model = native_model(path)
    assert model.d == [1, F(3, 4)] and [x for x in packages(model) if ir(model, x)] == [(0, 0)]
    empty = Claim(model, package_ok=lambda y: not ir(model, y))
    claims = [proved("zone_empty", empty, [0, 1], []), proved("zone_empty", empty, [0, 1],
                                                              not_ir_leaves(model))]
    claims += optimisation_claims(model, [1, 0])
    ks = next(c for c in claims if c["claim"] == "kalai_smorodinsky")
    assert ks["tree"] is None and ks["ideal"] == ["1", "3/4"]
    claims.append({"claim": "nash", "package": ["a", "c"], "value": "0", "bound": "0",
                   "order": [0, 1], "tree": {"split": [  # x = b: no gain, w.u - w.d < 0
                       {"split": [{"leaf": "package"}] * 2}, {"leaf": "amgm", "w": ["1", "1"]}]}})
    claims.append(dict(ks, bound="999/1000"))
    done = run(path, certificate(model, claims))
    got = verdicts(done)
    assert got[1] == got[2] == got[len(claims)] == "rejected", done.stdout
    assert set(got[j] for j in range(3, len(claims))) == {"ok"}, done.stdout
    assert "package [a, c]: IR" in done.stdout

    path.write_text(EDGE.replace("WALK", "walk_away: 0.5"))  # s = (0, 1/4)
    model = native_model(path)
    claims = optimisation_claims(model, [0, 1])
    ks = next(c for c in claims if c["claim"] == "kalai_smorodinsky")
    assert ks["ideal"] == ["1", "3/4"] and "wavg" in leaf_kinds(ks["tree"])
    bad = copy.deepcopy(ks)
    first_leaf(bad["tree"], "wavg").update(w=["1/2", "1"])  # a weight where s_0 = 0
    lottery = {"claim": "kalai_smorodinsky_lottery", "ideal": ["1", "3/4"], "t": "1",
               "lottery": [{"package": ["a", "c"], "probability": "1"}], "support": ["0", "1"],
               "order": [0, 1], "tree": {"split": [{"split": [{"leaf": "package"}] * 2}] * 2}}
    # w = (-1, 1) supports the zone {(a, c)} too, but only w >= 0 proves KS optimality
    claims += [lottery, bad, dict(lottery, support=["-1", "1"])]
    done = run(path, certificate(model, claims))
    got = verdicts(done)
    assert set(got[j] for j in range(1, len(claims) - 1)) == {"ok"} and \
        got[len(claims) - 1] == got[len(claims)] == "rejected", done.stdout


# ---- the readers on the corpus and the examples ----------------------------------------------
def corpus():
    if not (SHARED / "scenarios").is_dir():
        pytest.skip(f"SKIPPED: the shared folder {SHARED} (../shared beside the repository) is "
                    "absent, so the corpus cannot be read")
    return SHARED / "scenarios"


@pytest.mark.parametrize("folder,files", [
    ("genius/anac2010/ItexvsCypress", ["ItexvsCypress_domain.xml", "ItexvsCypress_Itex.xml",
                                       "ItexvsCypress_Cypress.xml"]),
    ("genius/anac2012/AcquisitionA", ["Acquisition-A-domain.xml", "Acquisition-A-prof1.xml",
                                      "Acquisition-A-prof2.xml"]),
    ("genius/anac2011/Laptop", ["laptop_domain.xml", "laptop_buyer_utility.xml",
                                "laptop_seller_utility.xml"]),
    ("genius/anac2016/Grandma", ["Smart_Energy_Grid.xml", "Smart_Energy_Grid_util1.xml",
                                 "Smart_Energy_Grid_util2.xml", "Smart_Energy_Grid_util3.xml"]),
    ("geniusweb/anac2020/Fitness", ["fitness.json", "fitness1.json", "fitness2.json"]),
])
def test_corpus_models(folder, files):
    path = corpus() / folder
    read = geniusweb_model if folder.startswith("geniusweb") else genius_model
    model = read(path, files[0], files[1:])
    if "AcquisitionA" in folder:
        assert model.d == [F(1, 2), F(1, 2)]
    if "Fitness" in folder:
        assert all(x > 0 for x in model.d)
    cert = certificate(model, [])
    for scenario in (path, path / files[0]):
        done = run(scenario, cert)
        assert done.returncode == 0, done.stderr
        assert done.stdout == "0 claims: 0 ok, 0 rejected, 0 not checked\n"
    # The certificate's own order of issues and values (here reversed) is the one used.
    # (integer issues keep their order of values: lower to upper)
    reordered = copy.copy(model)
    reordered.issues = [(name, labels if low is not None else labels[::-1], low)
                        for name, labels, low in model.issues[::-1]]
    reordered.V = [[row if low is not None else row[::-1]
                    for row, (_, _, low) in zip(Vi[::-1], model.issues[::-1])] for Vi in model.V]
    cert = certificate(reordered, [])
    assert run(path, cert).returncode == 0
    cert["model"]["contributions"][-1][0][-1] = "1/3"
    assert run(path, cert).returncode == 1
    cert = certificate(model, [])
    for issue in cert["scenario"]["issues"]:
        issue.get("values", []).reverse()
    assert run(path, cert).returncode == 1  # the model in the files' order: not the same


def test_nonlinear_and_real_corpus_scenarios_are_refused():
    nonlinear = corpus() / "genius" / "anac2014" / "10issues"
    domain = next(p.name for p in nonlinear.glob("*.xml") if "omain" in p.name)
    profiles = sorted(p.name for p in nonlinear.glob("*.xml") if p.name != domain
                      and p.name != "pareto.xml")[:2]
    files = [domain, *profiles]
    cert = {"format": "parley-certificate/1", "scenario": {
        "name": "x", "format": "genius", "files": [{"name": f, "sha256": hashlib.sha256(
            (nonlinear / f).read_bytes()).hexdigest()} for f in files],
        "issues": [{"name": "x", "integer": [0, 9]}],
        "parties": [{"name": p, "file": p} for p in profiles]}, "model": {}, "claims": []}
    done = run(nonlinear, cert)
    assert done.returncode == 2 and "nonlinear" in done.stderr, done.stderr


@pytest.mark.parametrize("name", ["russia-japan.yaml", "job-offer.yaml",
                                  "divorce-settlement.yaml"])
def test_example_models(name):
    model = native_model(ROOT / "examples" / name)
    done = run(ROOT / "examples" / name, certificate(model, []))
    assert done.returncode == 0 and done.stdout == "0 claims: 0 ok, 0 rejected, 0 not checked\n", \
        done.stdout + done.stderr


def test_status_quo_walk_away_and_real_issues(tmp_path):
    text = (ROOT / "examples" / "russia-japan.yaml").read_text()
    assert "    walk_away: 0.6\n" in text
    (tmp_path / "rj.yaml").write_text(text.replace("    walk_away: 0.6\n",
                                                   "    walk_away: status_quo\n"))
    model = native_model(tmp_path / "rj.yaml")
    named = yaml.safe_load(text)["status_quo"]
    status_quo = [labels.index(named[name]) for name, labels, _ in model.issues]
    assert model.d[1] == u(model, status_quo)[1] and F(1, 2) < model.d[1] < F(3, 5)
    done = run(tmp_path / "rj.yaml", certificate(model, []))
    assert done.returncode == 0, done.stderr
    cert = certificate(native_model(ROOT / "examples" / "job-offer.yaml"), [])
    cert["scenario"]["files"][0] = {"name": "business-contract.yaml", "sha256": hashlib.sha256(
        (ROOT / "examples" / "business-contract.yaml").read_bytes()).hexdigest()}
    cert["scenario"]["parties"] = [{"name": "a", "file": "business-contract.yaml"},
                                   {"name": "b", "file": "business-contract.yaml"}]
    done = run(ROOT / "examples" / "business-contract.yaml", cert)
    assert done.returncode == 2 and "real issues are not certified" in done.stderr
