"""Readable reports of an assessment for a lawyer: plain text or Markdown, FR or EN."""

from .catalog import get_catalog
from .scoring import Assessment

FORMATS = ("text", "markdown")


def render(assessment, fmt="text", lang="fr"):
    """Render an ``Assessment`` (or its ``to_dict()``) as ``text`` or ``markdown``."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    lang = lang if lang in ("fr", "en") else "fr"
    data = assessment.to_dict() if isinstance(assessment, Assessment) else assessment
    return "\n".join(_Report(data, lang, markdown=fmt == "markdown").lines()) + "\n"


class _Report:
    def __init__(self, data, lang, markdown):
        self.data = data
        self.lang = lang
        self.markdown = markdown
        self.catalog = get_catalog()

    def pair(self, name, value):
        """``name : value`` with the colon of the language's typography."""
        return f"{name} : {value}" if self.lang == "fr" else f"{name}: {value}"

    def label(self, key, **params):
        return self.catalog.text("report", key)[self.lang].format(**params)

    def heading(self, text, level=2):
        if self.markdown:
            return ["", f"{'#' * level} {text}", ""]
        underline = "=" if level == 1 else "-"
        return ["", text, underline * len(text)]

    def item(self, text, indent=0):
        return f"{'  ' * indent}- {text}"

    def strong(self, text):
        return f"**{text}**" if self.markdown else text

    def lines(self):
        data, lang, texts = self.data, self.lang, self.catalog.texts
        lines = self.heading(self.label("title"), level=1)[1:]
        if data["prohibited"]:
            lines += ["", self.strong(texts["banner"][lang].upper())]
        band = data["band_label"][lang]
        lines += ["", self.strong(self.pair(self.label("score"), f"{data['score']}/100 — {band}"))]
        lines.append(self.item(self.pair(self.label("raw_score"), _number(data["raw_score"]))))
        if data.get("floor"):
            floor_band = next(
                b["label"][lang] for b in self.catalog.bands if b["id"] == data["floor"]["band"]
            )
            floor = data["floor"]
            reason = floor["reason"][lang] if "reason" in floor else floor["rule"]
            lines.append(self.item(self.label("floor", band=floor_band, reason=reason)))
        lines += self.heading(self.label("subscores"))
        for key, value in data["subscores"].items():
            lines.append(self.item(self.pair(texts["subscores"][key][lang], f"{value}/100")))
        lines += self.heading(self.label("tier"))
        lines.append(texts["tiers"][data["ai_act_tier"]][lang])
        if data.get("tier_text"):
            lines.append(data["tier_text"][lang])
        if data["role_duties"]:
            lines += self.heading(self.label("roles"))
            for duty in data["role_duties"]:
                role = texts["roles"][duty["role"]][lang]
                lines.append(
                    self.item(f"{role} — {duty['text'][lang]} ({duty['reference'][lang]})")
                )
        lines += self.heading(self.label("dpia"))
        if data.get("dpia_verdict"):
            lines.append(data["dpia_verdict"][lang])
        lines.append(data["dpia"]["reason"][lang])
        lines += self.heading(self.label("findings"))
        lines += self.findings() or [self.label("no_findings")]
        if data["action_plan"]:
            lines += self.heading(self.label("action_plan"))
            for number, step in enumerate(data["action_plan"], 1):
                recovered = f"{_number(step['points_recovered'])} {self.label('recovered')}"
                lines.append(
                    f"{number}. {step['action'][lang]} ({step['reference'][lang]}) — {recovered}"
                )
        lines.append("")
        if data.get("law_as_of"):
            lines.append(self.label("law_as_of", date=data["law_as_of"]))
        lines += [
            self.label(
                "catalog",
                version=data["catalog_version"],
                timeline=data["timeline"],
                as_of=data["as_of"],
            ),
            self.label("disclaimer"),
        ]
        return lines

    def findings(self):
        lang, texts = self.lang, self.catalog.texts
        lines = []
        for finding in self.data["findings"]:
            tags = [texts["severity_labels"][finding["severity"]][lang]]
            tags.append(f"{_number(finding['points'])} {self.label('points')}")
            if finding["to_verify"]:
                tags.append(self.label("to_verify"))
            if finding["unverified"]:
                tags.append(self.label("unverified"))
            if not finding["applicable"]:
                tags.append(self.label("applies_from", date=finding["applies_from"]))
                if finding.get("date_unverified"):
                    tags.append(self.label("milestone_unverified"))
            if finding.get("superseded_by"):
                tags.append(self.label("superseded", rule=finding["superseded_by"]))
            lines.append(self.item(f"{self.strong(finding['finding'][lang])} [{', '.join(tags)}]"))
            reference = f"{finding['reference'][lang]} ({finding['rule']})"
            lines.append(self.item(self.pair(self.label("reference"), reference), 1))
            lines.append(self.item(self.pair(self.label("action"), finding["action"][lang]), 1))
            if finding["triggers"]:
                triggers = "; ".join(
                    self.answer_text(question_id, value)
                    for question_id, value in finding["triggers"].items()
                )
                lines.append(self.item(self.pair(self.label("triggers"), triggers), 1))
        return lines

    def answer_text(self, question_id, value):
        question = self.catalog.questions[question_id]
        labels = {option.id: option.label[self.lang] for option in question.options}
        values = value if isinstance(value, list) else [value]
        shown = ", ".join(labels.get(item, str(item)) for item in values)
        return f"{question.label[self.lang]} → {shown}"


def _number(value):
    return f"{value:g}"
