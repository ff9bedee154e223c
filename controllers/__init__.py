from . import intake
from . import booking
from . import pipeline_report
from . import privacy
