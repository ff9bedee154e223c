from . import itlaw_intake
from . import itlaw_intake_answer
from . import itlaw_intake_finding
from . import itlaw_rule_setting
from . import itlaw_submission_attempt
from . import crm_lead
from . import res_config_settings
