"""Evaluate newsnlp's entity components against bare en_core_web_sm on public gold data.

    python benchmarks/evaluate_entities.py conll      # CoNLL-2003 test, per type, bare vs newsnlp
    python benchmarks/evaluate_entities.py reuters    # Reuters-21578 ModApte, item countries
                                                      # (--split train to develop; test once)
    python benchmarks/evaluate_entities.py wikievents # WikiEvents test, event detection by type
    python benchmarks/evaluate_entities.py scores     # CoNLL-2003 test, calibration of `score`
    python benchmarks/evaluate_entities.py seed       # the seed bulletin's annotations
    python benchmarks/evaluate_entities.py azernews   # own labelled check on AzerNews articles
    python benchmarks/evaluate_entities.py azernews-dev  # own dev set: other AzerNews articles
    python benchmarks/evaluate_entities.py all

`--limit N` evaluates the first N documents (for quick iterations). The data is research-only
and read from ../shared/data; nothing of it is shipped.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
from spacy.language import Language
from spacy.tokens import Doc

from newsnlp.entities import resolve_place
from newsnlp.entities.countries import COUNTRY_LABELS, item_countries
from newsnlp.entities.events import KAIROS
from newsnlp.nlp import OWN_COMPONENTS, load_pipeline

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"

#: OntoNotes (and newsnlp) labels -> CoNLL-2003 types; labels not listed are not CoNLL entities.
CONLL_MAP = {
    "PERSON": "PER", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "REGION": "LOC", "ORG": "ORG",
    "NORP": "MISC", "EVENT": "MISC", "PRODUCT": "MISC", "WORK_OF_ART": "MISC", "LAW": "MISC",
    "LANGUAGE": "MISC",
}

#: Reuters place names pycountry no longer carries (states that no longer exist in 2024).
REUTERS_HISTORIC = {"west-germany": "DEU", "east-germany": "DDR", "ussr": "SUN",
                    "czechoslovakia": "CSK", "yugoslavia": "YUG", "zaire": "COD",
                    "burma": "MMR", "ivory-coast": "CIV", "uk": "GBR", "usa": "USA",
                    "yemen-arab-republic": "YEM", "yemen-demo-republic": "YMD",
                    "trinidad-tobago": "TTO"}

#: WikiEvents (KAIROS) gold types -> newsnlp event types they count for (others: not evaluated).
KAIROS_TO_OURS = {
    "Conflict.Attack.Unspecified": "conflict", "Conflict.Attack.DetonateExplode": "attack",
    "Conflict.Demonstrate.Unspecified": "protest",
    "Conflict.Demonstrate.DemonstrateWithViolence": "protest",
    "Contact.Contact.Meet": "meeting", "Justice.ArrestJailDetain.Unspecified": "arrest",
    "Justice.TrialHearing.Unspecified": "trial", "Justice.Convict.Unspecified": "trial",
    "Justice.Sentence.Unspecified": "trial", "Justice.ChargeIndict.Unspecified": "trial",
    "Disaster.FireExplosion.Unspecified": "disaster", "Disaster.Crash.Unspecified": "disaster",
    "Disaster.DiseaseOutbreak.Unspecified": "disaster",
}


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def run(nlp: Language, docs: Iterable[Doc], own: bool) -> Iterator[Doc]:
    """Run `ner` (and the newsnlp components when `own`) over Docs that carry item context."""
    names = [n for n in nlp.pipe_names if own or n not in OWN_COMPONENTS]
    with nlp.select_pipes(enable=names):
        yield from nlp.pipe(docs, batch_size=64)


def conll_docs(limit: int | None, split: str = "test"
               ) -> list[tuple[str, set[tuple[int, int, str]]]]:
    out: list[tuple[str, set[tuple[int, int, str]]]] = []
    text: list[str] = []
    gold: set[tuple[int, int, str]] = set()
    offset = 0
    open_ent: list[int | str] = []

    def close() -> None:
        if open_ent:
            gold.add((int(open_ent[0]), int(open_ent[1]), str(open_ent[2])))
            open_ent.clear()

    for line in (DATA / "conll2003-en" / f"{split}.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("-DOCSTART-"):
            close()
            if text:
                out.append(("".join(text).rstrip(), set(gold)))
            text, gold, offset = [], set(), 0
            continue
        if not line.strip():
            close()
            if text and not text[-1].endswith("\n"):
                text[-1] = text[-1].rstrip(" ") + "\n"
            continue
        token, tag = line.split()[0], line.split()[-1]
        start = offset
        text.append(token + " ")
        offset += len(token) + 1
        if tag.startswith("B-") or (tag.startswith("I-") and not open_ent):
            close()
            open_ent.extend([start, start + len(token), tag[2:]])
        elif tag.startswith("I-"):
            open_ent[1] = start + len(token)
        else:
            close()
    close()
    if text:
        out.append(("".join(text).rstrip(), set(gold)))
    return out[:limit] if limit else out


def evaluate_conll(nlp: Language, limit: int | None, split: str = "test") -> None:
    docs = conll_docs(limit, split)
    print(f"CoNLL-2003 {split}: {len(docs)} documents, label map {CONLL_MAP}")
    scores: dict[str, dict[str, Counter[str]]] = {}
    for system, own in (("en_core_web_sm", False), ("newsnlp", True)):
        counts: dict[str, Counter[str]] = {}
        predicted_docs = run(nlp, (nlp.make_doc(text) for text, _ in docs), own)
        for (_, gold), doc in zip(docs, predicted_docs, strict=True):
            predicted = {(e.start_char, e.end_char, CONLL_MAP[e.label_])
                         for e in doc.ents if e.label_ in CONLL_MAP}
            for kind in ("PER", "LOC", "ORG", "MISC"):
                g = {x for x in gold if x[2] == kind}
                p = {x for x in predicted if x[2] == kind}
                c = counts.setdefault(kind, Counter())
                c["tp"] += len(g & p)
                c["fp"] += len(p - g)
                c["fn"] += len(g - p)
        scores[system] = counts
    print(f"| type | {'bare P/R/F1':>20} | {'newsnlp P/R/F1':>20} | ΔF1 |")
    print("|---|---|---|---|")
    for kind in ("PER", "LOC", "ORG", "MISC", "ALL"):
        row = []
        for system in ("en_core_web_sm", "newsnlp"):
            if kind == "ALL":
                c: Counter[str] = sum(scores[system].values(), Counter())
            else:
                c = scores[system][kind]
            row.append(prf(c["tp"], c["fp"], c["fn"]))
        cells = " | ".join(f"{p * 100:5.1f} / {r * 100:5.1f} / {f * 100:5.1f}" for p, r, f in row)
        print(f"| {kind} | {cells} | {(row[1][2] - row[0][2]) * 100:+.1f} |")


def evaluate_scores(nlp: Language, limit: int | None, split: str = "test") -> None:
    """Calibration of `mentions.score` on CoNLL-2003: reliability table, ECE, precision."""
    docs = conll_docs(limit, split)
    pairs: list[tuple[float, int]] = []
    for (_, gold), doc in zip(docs, run(nlp, (nlp.make_doc(t) for t, _ in docs), True),
                              strict=True):
        for ent in doc.ents:
            if ent._.score is None:
                continue
            right = (ent.start_char, ent.end_char, CONLL_MAP.get(ent.label_)) in gold
            pairs.append((float(ent._.score), int(right)))
    print(f"CoNLL-2003 {split}: {len(docs)} documents, {len(pairs)} scored entities "
          "(right = span and mapped type equal a gold entity's)")
    print("| score bin | entities | mean score | share right |")
    print("|---|---|---|---|")
    ece = 0.0
    for b in range(10):
        low, high = b / 10, (b + 1) / 10
        members = [(p, y) for p, y in pairs if low <= p < high or (b == 9 and p == 1.0)]
        if not members:
            continue
        mean = sum(p for p, _ in members) / len(members)
        share = sum(y for _, y in members) / len(members)
        ece += len(members) / len(pairs) * abs(mean - share)
        print(f"| {low:.1f}-{high:.1f} | {len(members)} | {mean:.3f} | {share:.3f} |")
    overall = sum(y for _, y in pairs) / len(pairs)
    high_conf = [y for p, y in pairs if p >= 0.8]
    print(f"ECE (10 bins) {ece:.4f}; precision overall {overall * 100:.1f} "
          f"({len(pairs)} entities); at score >= 0.8 "
          f"{sum(high_conf) / max(1, len(high_conf)) * 100:.1f} ({len(high_conf)} entities, "
          f"{len(high_conf) / len(pairs) * 100:.0f}%)")


def reuters_place(name: str) -> str | None:
    return REUTERS_HISTORIC.get(name) or resolve_place(name.replace("-", " ").title())


def evaluate_reuters(nlp: Language, limit: int | None, split: str = "test",
                     details: Path | None = None) -> None:
    """Item countries on Reuters-21578 ModApte `split` ("train" to develop, "test" once).

    Predicted, as the Tagger's `countries` column (`item_countries`): the countries its
    dateline, headline or lead names, or its body twice (places and legislatures; people's
    countries do not count). Also shown: every country named (`countries="named"`).
    `details` writes one JSON line per item with its gold, predicted and place mentions.
    """
    if split not in ("train", "test"):
        raise SystemExit(f"Reuters ModApte has no {split!r} split: use train or test")
    records = [json.loads(line) for line in
               (DATA / "reuters-21578" / "reuters21578.jsonl").open(encoding="utf-8")]
    test = [r for r in records if r["modapte_split"] == split][:limit]
    unmapped = Counter(p for r in test for p in r["places"] if reuters_place(p) is None)
    docs = []
    for record in test:
        doc = nlp.make_doc(record["body"] or record["title"] or "")
        doc._.dateline = record["dateline"] or None
        doc._.published = datetime.strptime(record["date"].split(".")[0], "%d-%b-%Y %H:%M:%S")
        docs.append(doc)
        # The headline, as the Tagger reads it: its own Doc, no dateline.
        title = nlp.make_doc((record["title"] or "") if record["body"] else "")
        title._.published = doc._.published
        docs.append(title)
    counts: dict[str, Counter[str]] = {k: Counter() for k in ("salient", "named", "body")}
    misses: Counter[str] = Counter()
    extras: Counter[str] = Counter()
    out = details.open("w", encoding="utf-8") if details else None
    processed = run(nlp, docs, True)
    for record in test:
        doc, title = next(processed), next(processed)  # each item's body, then its headline
        gold = {c for c in (reuters_place(p) for p in record["places"]) if c}
        # As the Tagger's `countries` column: places (and legislatures), not people's countries.
        places = [(e, part) for d, part in ((doc, "body"), (title, "title")) for e in d.ents
                  if e._.country and e.label_ in COUNTRY_LABELS]
        dateline = doc._.dateline_country
        predicted = set(item_countries(
            [(e._.country, part, e.start_char, e.end_char) for e, part in places], doc.text,
            title.text, dateline))
        named = {e._.country for e, _ in places} | ({dateline} - {None})
        body_only = {e._.country for e, part in places if part == "body"} | ({dateline} - {None})
        for kind, found in (("salient", predicted), ("named", named), ("body", body_only)):
            counts[kind].update(tp=len(gold & found), fp=len(found - gold), fn=len(gold - found))
        misses.update(gold - predicted)
        extras.update(predicted - gold)
        if out is not None:
            out.write(json.dumps({
                "newid": record["newid"], "gold": sorted(gold), "predicted": sorted(predicted),
                "missed": sorted(gold - predicted), "extra": sorted(predicted - gold),
                "dateline": record["dateline"], "dateline_country": dateline,
                "title": record["title"],
                "places": [(e.text, e.label_, e._.country, part, e.start_char)
                           for e, part in places],
                "others": [(e.text, e.label_, e._.country) for d in (doc, title) for e in d.ents
                           if e.label_ not in COUNTRY_LABELS]}) + "\n")
    if out is not None:
        out.close()
    tp, fp, fn = (counts["salient"][k] for k in ("tp", "fp", "fn"))
    p, r, f = prf(tp, fp, fn)
    print(f"Reuters-21578 ModApte {split}: {len(test)} items; item countries micro "
          f"P {p * 100:.1f} R {r * 100:.1f} F1 {f * 100:.1f} (tp {tp}, fp {fp}, fn {fn})")
    for kind, what in (("named", "every country a place mention names (countries='named')"),
                       ("body", "named, the headline left out (as measured before)")):
        pk, rk, fk = prf(counts[kind]["tp"], counts[kind]["fp"], counts[kind]["fn"])
        print(f"  {what}: P {pk * 100:.1f} R {rk * 100:.1f} F1 {fk * 100:.1f}")
    print(f"  gold place names with no alpha-3 (not counted): {dict(unmapped.most_common(8))}")
    print(f"  most missed: {dict(misses.most_common(8))}")
    print(f"  most extra: {dict(extras.most_common(8))}")


def evaluate_wikievents(nlp: Language, limit: int | None) -> None:
    records = [json.loads(line) for line in
               (DATA / "wikievents-news-events" / "test.jsonl").open(encoding="utf-8")][:limit]
    counts: dict[str, Counter[str]] = {t: Counter() for t in sorted(set(KAIROS_TO_OURS.values()))}
    uncovered: Counter[str] = Counter()
    docs = []
    starts_list = []
    for record in records:
        tokens = record["tokens"]
        starts, offset = [], 0
        for token in tokens:
            starts.append(offset)
            offset += len(token) + 1
        starts_list.append(starts)
        docs.append(nlp.make_doc(" ".join(tokens)))
    for record, starts, doc in zip(records, starts_list, run(nlp, docs, True), strict=True):
        gold = []
        for mention in record["event_mentions"]:
            ours = KAIROS_TO_OURS.get(mention["event_type"])
            if ours is None:
                uncovered[mention["event_type"]] += 1
                continue
            start = starts[mention["trigger"]["start"]]
            gold.append((start, ours))
        predicted = [(s.start_char, s.end_char, s._.event_type) for s in doc.spans["events"]
                     if s._.event_type in counts]
        matched_pred: set[int] = set()
        for start, ours in gold:
            hit = next((n for n, (a, b, t) in enumerate(predicted)
                        if a <= start < b and t == ours and n not in matched_pred), None)
            if hit is None:
                counts[ours]["fn"] += 1
            else:
                matched_pred.add(hit)
                counts[ours]["tp"] += 1
        for n, (_, _, t) in enumerate(predicted):
            if n not in matched_pred:
                counts[t]["fp"] += 1
    print(f"WikiEvents test: {len(records)} documents; trigger inside span and same type")
    print("| type | KAIROS types | gold | P | R | F1 |")
    print("|---|---|---|---|---|---|")
    total: Counter[str] = Counter()
    for ours, c in counts.items():
        total += c
        p, r, f = prf(c["tp"], c["fp"], c["fn"])
        kairos = ", ".join(k.split(".Unspecified")[0] for k, v in KAIROS_TO_OURS.items()
                           if v == ours)
        print(f"| {ours} | {kairos} | {c['tp'] + c['fn']} | {p * 100:.1f} | {r * 100:.1f} | "
              f"{f * 100:.1f} |")
    p, r, f = prf(total["tp"], total["fp"], total["fn"])
    print(f"| all mapped | | {total['tp'] + total['fn']} | {p * 100:.1f} | {r * 100:.1f} | "
          f"{f * 100:.1f} |")
    print(f"  gold mentions of types outside the newsnlp set: {sum(uncovered.values())} "
          f"({dict(uncovered.most_common(5))}); closest KAIROS per newsnlp type: {KAIROS}")


def evaluate_seed(nlp: Language, limit: int | None) -> None:
    gold = json.loads((DATA / "bulletins" / "seed-turan-2024-09.gold.json").read_text("utf-8"))
    docs = []
    for item in gold["items"]:
        doc = nlp.make_doc(item["text"])
        doc._.published = datetime.fromisoformat(item["published"])
        doc._.dateline = item["dateline"]
        docs.append(doc)
    c: Counter[str] = Counter()
    for item, doc in zip(gold["items"], run(nlp, docs, True), strict=True):
        notes = item["annotations"]
        people = {(e._.canonical, e._.role, e._.country) for e in doc.ents
                  if e.label_ == "PERSON"}
        for person in notes["persons"]:
            c["persons"] += 1
            found = [p for p in people if p[0] == person["name"]]
            c["persons_name"] += bool(found)
            c["persons_role"] += any(p[1] == person["role"] for p in found)
            c["persons_country"] += any(p[2] == person["country"] for p in found)
        countries = {e._.country for e in doc.ents if e._.country and e.label_ in COUNTRY_LABELS}
        countries |= {doc._.dateline_country} - {None}
        gold_countries = set(notes["countries"])
        c["countries_gold"] += len(gold_countries)
        c["countries_tp"] += len(gold_countries & countries)
        c["countries_fp"] += len(countries - gold_countries)
        regions = {e._.canonical for e in doc.ents if e.label_ == "REGION"}
        c["regions_gold"] += len(notes["regions"])
        c["regions_tp"] += len(set(notes["regions"]) & regions)
        elections = [s for s in doc.spans["events"] if s._.event_type == "election"]
        for event in notes["events"]:
            if event["type"] != "election":
                continue
            c["elections"] += 1
            start = item["text"].find(event["text"])
            hit = [s for s in elections if s.start_char <= start + len(event["text"])
                   and start <= s.end_char]
            c["elections_found"] += bool(hit)
            if "date" in event:
                c["election_dates"] += 1
                c["election_dates_ok"] += any(str(s._.event_date) == event["date"] for s in hit)
        print(f"{item['id']}: persons {sorted(map(str, people))} countries {sorted(countries)} "
              f"regions {sorted(regions)} events "
              f"{[(s.text, s._.event_type, str(s._.event_date)) for s in doc.spans['events']]}")
    print(f"seed: persons {c['persons_name']}/{c['persons']} by canonical name, role "
          f"{c['persons_role']}/{c['persons']}, country {c['persons_country']}/{c['persons']}; "
          f"countries {c['countries_tp']}/{c['countries_gold']} found, {c['countries_fp']} extra; "
          f"regions {c['regions_tp']}/{c['regions_gold']}; elections "
          f"{c['elections_found']}/{c['elections']} found, dates "
          f"{c['election_dates_ok']}/{c['election_dates']}")


#: Own labelled check on AzerNews articles (../shared/data/azernews-scraped-sample; copyright
#: AzerNews, read from there, never shipped). Labelled by hand before looking at newsnlp's output
#: on them, and not used to tune any rule. Rules of the labelling:
#: - every named person of the article (title and body), once, by the fullest name the article
#:   writes; a later surname, initial or given name alone is the same person; names used as a
#:   modifier ("the Trump administration") count; titles are not part of the name;
#: - the person's country is the state the text says they belong to or act for ("U.S.
#:   Ambassador", "Prime Minister" of the article's Armenia, a member of the Azerbaijan State
#:   Academic Musical Theater's cast); None when the text does not say (the CEO of a US
#:   shipyard owned by a Korean group); only persons with a country are scored for country;
#: - a predicted person matches a gold one when its canonical name equals the name or one of
#:   the listed other forms (the surname, "Philippe" for "King Philippe").
AZERNEWS_GOLD: dict[tuple[str, int], list[tuple[str, str | None, tuple[str, ...]]]] = {
    ("azernews_aggression_full.json", 0): [("Şəhla Talıbova", "AZE", ())],
    ("azernews_aggression_full.json", 2): [
        ("Kərəm Mammadov", "AZE", ("K. Mammadov", "Mammadov")),
        ("Shakir Avaz oglu Baghirov", "AZE", ("Sh. Baghirov", "Baghirov")),
        ("Emin", "AZE", ())],
    ("azernews_conflict.json", 0): [("Nikol Pashinyan", "ARM", ("Pashinyan",))],
    ("azernews_conflict.json", 3): [("Tom Barrack", "USA", ("Barrack",)),
                                    ("Trump", "USA", ("Donald Trump",))],
    ("azernews_nation.json", 0): [("Dmitry Peskov", "RUS", ("Peskov",)),
                                  ("Ilham Aliyev", "AZE", ("Aliyev",))],
    ("azernews_nation.json", 3): [("Ilham Aliyev", "AZE", ("Aliyev",)),
                                  ("Philippe", "BEL", ("King Philippe",))],
    ("azernews_world.json", 1): [
        ("David Kim", None, ("Kim",)), ("Lee Jong-moo", None, ()),
        ("Donald Trump", "USA", ("Trump",)), ("John Phelan", "USA", ("Phelan",)),
        ("Donald Trump Jr.", None, ("Trump Jr.",)), ("Kim Dong-kwan", None, ())],
    ("azernews_culture.json", 3): [(name, "AZE", ()) for name in (
        "Uzeyir Hajibayli", "Jannet Salimova", "Nazim Hajibayov", "Fakhraddin Atayev",
        "Ismail Mammadov", "Vagif Mastanov", "Zakir Aghayev", "Leyla Aghayeva",
        "Perviz Mammadrzayev", "Shovgi Huseynov", "Azizaga Azizov", "Nadir Hasiyev",
        "Nahida Orujova", "Shaban Jafarov", "Elhan Ismayilov", "Elchin Imamov", "Huseyn Alili",
        "Turkell Tarikpeyma", "Alimammad Novruzov", "Tarana Aliyeva", "Elmaddin Dadashov")],
}


#: Own development set for people's roles and countries, from AzerNews articles that the check
#: above does not use (so that the check stays a check). Labelled by hand from the text alone:
#: - (name, role, country) per person of the article that the text gives a role or a country;
#:   the name as the fullest form the article writes;
#: - the role as the text writes the office, without the country or organisation ("Prime
#:   Minister", "Deputy Minister of Culture" -> "Deputy Minister"); None when the text names none;
#: - the country: the state the text says the person holds office in, acts for or is a citizen
#:   of ("Armenian Prime Minister", "Azerbaijan's Deputy Minister", a judge of the Baku Military
#:   Court, "citizens of the Republic of Armenia, including X"); None for officials of
#:   international organisations (the European Commission, ICESCO) or when the text does not say;
#: - scored: a person is found when a PERSON's canonical name equals the name; the role is right
#:   when every word of the gold role is in the predicted role (case-insensitive); the country
#:   when equal (persons with a gold country only).
AZERNEWS_DEV: dict[tuple[str, int], list[tuple[str, str | None, str | None]]] = {
    ("azernews_analysis.json", 0): [("Ilham Aliyev", "President", "AZE"),
                                    ("Donald Trump", "President", "USA")],
    ("azernews_conflict.json", 4): [("Ursula von der Leyen", "President", None),
                                    ("Nikol Pashinyan", "Prime Minister", "ARM")],
    ("azernews_conflict.json", 2): [("Ilham Aliyev", "President", "AZE"),
                                    ("Nikol Pashinyan", "Prime Minister", "ARM"),
                                    ("Emmanuel Macron", "President", "FRA"),
                                    ("Samvel Karapetyan", "oligarch", None)],
    ("azernews_conflict.json", 1): [("Nikol Pashinyan", "Prime Minister", "ARM")],
    ("azernews_culture.json", 1): [("Abdulhakeem Al-Senan", "Director", None),
                                   ("Farid Jafarov", "Deputy Minister", "AZE"),
                                   ("Anar Karimov", "Director", None)],
    ("azernews_aggression_full.json", 1): [
        ("Zeynal Aghayev", "Judge", "AZE"), ("Jamal Ramazanov", "Judge", "AZE"),
        ("Anar Rzayev", "Judge", "AZE"), ("Tarana Mammadova", "prosecutor", "AZE"),
        *((name, None, "ARM") for name in (
            "Arayik Harutyunyan", "Arkadi Ghukasyan", "Bako Sahakyan", "Davit Ishkhanyan",
            "David Babayan", "Levon Mnatsakanyan"))],
}


def evaluate_azernews_dev(nlp: Language, limit: int | None) -> None:
    """Roles and countries of people on the own AzerNews development set (`AZERNEWS_DEV`)."""
    from newsnlp import Tagger

    mentions = Tagger(topic_model=None).tag(
        [item for _, item in azernews_items(AZERNEWS_DEV)]).mentions
    people = mentions[mentions["label"] == "PERSON"]
    c: Counter[str] = Counter()
    for (name, n), gold in AZERNEWS_DEV.items():
        found = people[people["item_id"] == f"{name}:{n}"]
        for person, role, country in gold:
            rows = found[found["canonical"] == person]
            roles = {str(x) for x in rows["role"].dropna()}
            countries = {str(x) for x in rows["country"].dropna()}
            c["people"] += 1
            c["found"] += not rows.empty
            if role is not None:
                c["with_role"] += 1
                c["role_right"] += any(set(role.lower().split()) <= set(r.lower().split())
                                       for r in roles)
            if country is not None:
                c["with_country"] += 1
                c["country_right"] += country in countries
            else:
                c["without_country"] += 1
                c["country_made_up"] += bool(countries)
            print(f"  {name}:{n} {person}: gold ({role}, {country}) predicted "
                  f"{sorted(roles) or '-'} {sorted(countries) or '-'}")
    print(f"AzerNews dev ({len(AZERNEWS_DEV)} articles, {c['people']} people): found "
          f"{c['found']}/{c['people']}; role {c['role_right']}/{c['with_role']}; country "
          f"{c['country_right']}/{c['with_country']}; a country where the text gives none "
          f"{c['country_made_up']}/{c['without_country']}")


def azernews_items(files: Iterable[tuple[str, int]] | None = None) -> list[tuple[str, Any]]:
    """(key, Item) for AzerNews articles: the scraped paragraphs (hard line breaks kept)."""
    from newsnlp.items import Item

    folder = DATA / "azernews-scraped-sample"
    out: list[tuple[str, Any]] = []
    for path in sorted(folder.glob("*.json")):
        for n, article in enumerate(json.loads(path.read_text(encoding="utf-8"))):
            if files is not None and (path.name, n) not in files:
                continue
            text = "\n\n".join(article["content"])
            out.append((f"{path.name}:{n}", Item(text=text, start=0, end=len(text),
                                                  item_id=f"{path.name}:{n}",
                                                  title=article["title"])))
    return out


def evaluate_azernews(nlp: Language, limit: int | None) -> None:
    """People and their countries on the own labelled AzerNews check; places among people."""
    from newsnlp import Tagger
    from newsnlp.entities.countries import Gazetteer

    tagger = Tagger(topic_model=None)
    gazetteer = Gazetteer.default()
    mentions = tagger.tag([item for _, item in azernews_items()]).mentions
    people = mentions[mentions["label"] == "PERSON"]
    placey = [t for t in people["text"] if gazetteer.is_strong(t) or any(
        p.kind == "subdivision" for p in gazetteer.readings(t))]
    print(f"AzerNews sample: {mentions['item_id'].nunique()} articles, {len(people)} PERSON "
          f"mentions; {len(placey)} of them are a country, demonym, capital, region or ISO "
          f"district name ({sorted(set(placey))[:10]}); {people['score'].notna().mean():.0%} "
          "with a score")
    c: Counter[str] = Counter()
    for (name, n), gold in AZERNEWS_GOLD.items():
        key = f"{name}:{n}"
        found = people[people["item_id"] == key]
        predicted = {str(x) for x in found["canonical"].dropna()}
        country_of = {str(a): (None if pd.isna(b) else str(b))
                      for a, b in zip(found["canonical"], found["country"], strict=True)
                      if not pd.isna(a)}
        matched: set[str] = set()
        for person, country, others in gold:
            forms = {person, *others} & predicted
            c["gold"] += 1
            c["found"] += bool(forms)
            matched |= forms
            if country is not None:
                c["with_country"] += 1
                c["country_right"] += any(country_of.get(f) == country for f in forms)
        c["predicted"] += len(predicted)
        c["predicted_right"] += len(predicted & matched)
    p = c["predicted_right"] / max(1, c["predicted"])
    r = c["found"] / max(1, c["gold"])
    print(f"AzerNews check ({len(AZERNEWS_GOLD)} articles, {c['gold']} people): persons P "
          f"{p * 100:.1f} R {r * 100:.1f} F1 {2 * p * r / max(1e-9, p + r) * 100:.1f} "
          f"(predicted {c['predicted']}); country right {c['country_right']}/"
          f"{c['with_country']} of the people the text gives one")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("task", choices=["conll", "scores", "reuters", "wikievents", "seed",
                                         "azernews", "azernews-dev", "all"])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--split", default="test", choices=["train", "valid", "test"],
                        help="CoNLL split (develop on valid), Reuters ModApte split (develop on "
                             "train); test is scored once")
    parser.add_argument("--details", type=Path, default=None,
                        help="reuters: write one JSON line per item (gold, predicted, places)")
    parser.add_argument("--model", default=None, help='spaCy pipeline, e.g. "md"')
    args = parser.parse_args(argv)
    nlp = load_pipeline(args.model)
    tasks = {"conll": evaluate_conll, "scores": evaluate_scores, "reuters": evaluate_reuters,
             "wikievents": evaluate_wikievents, "seed": evaluate_seed,
             "azernews": evaluate_azernews, "azernews-dev": evaluate_azernews_dev}
    for name, task in tasks.items():
        if args.task in (name, "all"):
            if name == "reuters":
                evaluate_reuters(nlp, args.limit, args.split, args.details)
            elif name in ("conll", "scores"):
                evaluate_scores(nlp, args.limit, args.split) if name == "scores" else \
                    evaluate_conll(nlp, args.limit, args.split)
            else:
                task(nlp, args.limit)
            sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
