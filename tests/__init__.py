from . import test_intake_submit
from . import test_intake_http
from . import test_security
from . import test_backend
from . import test_booking
from . import test_booking_http
from . import test_booking_concurrency
