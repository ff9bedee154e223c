import datetime

from werkzeug.exceptions import BadRequest, Forbidden

from odoo import http
from odoo.http import content_disposition, request

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FIRST_DATE = datetime.date(1900, 1, 1)
LAST_DATE = datetime.date(2999, 12, 31)


class PipelineReportController(http.Controller):
    def _bad_ids_message(self):
        return request.env._(
            "team_id, user_ids and company_ids must be ids of records you can see, "
            "e.g. user_ids=2,7."
        )

    @http.route("/itlaw/pipeline.xlsx", type="http", auth="user", methods=["GET"], readonly=True)
    def pipeline_xlsx(
        self, date_from=None, date_to=None, team_id=None, user_ids=None, company_ids=None, **kw
    ):
        env = request.env
        if not env.user.has_group("itlaw_ai_advisory.group_partner"):
            raise Forbidden(env._("Only partners can download the pipeline workbook."))
        try:
            start = datetime.date.fromisoformat(date_from or "")
            end = datetime.date.fromisoformat(date_to or "")
        except ValueError as error:
            raise BadRequest(
                env._("Give date_from and date_to as YYYY-MM-DD dates, e.g. 2026-01-31.")
            ) from error
        if start > end:
            raise BadRequest(env._("date_from must not be after date_to."))
        # The calendar's ends overflow the period's arithmetic (the day after
        # date_to), and a spreadsheet has no date before 1900.
        if start < FIRST_DATE or end > LAST_DATE:
            raise BadRequest(
                env._(
                    "Give dates between %(first)s and %(last)s.",
                    first=FIRST_DATE.isoformat(),
                    last=LAST_DATE.isoformat(),
                )
            )
        try:
            team = env["crm.team"].browse(int(team_id)) if team_id else None
            lawyers = env["res.users"].browse(
                [int(uid) for uid in user_ids.split(",")] if user_ids else []
            )
            companies = env["res.company"].browse(
                [int(cid) for cid in company_ids.split(",")] if company_ids else []
            )
        except ValueError as error:
            raise BadRequest(self._bad_ids_message()) from error
        if (
            (team and not team.exists())
            or len(lawyers.exists()) != len(lawyers)
            or not set(companies.ids) <= set(env.user.company_ids.ids)
        ):
            raise BadRequest(self._bad_ids_message())
        content = env["itlaw.pipeline.report"]._build_workbook(start, end, team, lawyers, companies)
        label = env._("pipeline_workbook")
        filename = f"{label}_{start.isoformat()}_{end.isoformat()}.xlsx"
        return request.make_response(
            content,
            headers=[
                ("Content-Type", XLSX),
                ("Content-Disposition", content_disposition(filename)),
            ],
        )
