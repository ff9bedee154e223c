from . import intake
from . import booking
from . import pipeline_report
from . import fee_agreement
from . import privacy
from . import engagement_portal
from . import legal_notice
from . import attachment
