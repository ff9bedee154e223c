from . import intake
from . import booking
