"""The learner's record: the browser's export ("Export my record" on My CPD record), read as data.

- `model`: the record's shape, a strict pydantic model (`RecordFile`);
- `read`: a file's bytes checked against it (`read_record`, or `Rejected` with the reason and the fix);
- `folder`: where collected records live in the course directory (`load_records`);
- `status`: module completion recomputed from the responses (`module_status`), never read from the file;
- `rows`: the rows of `grader export --modules-out`;
- `learner_file`: what every file from a learner gets, a record or a case-study submission (size, JSON, identity,
  `Rejected`).
"""

from grader.records.folder import Unreadable, load_records, record_path, records_folder
from grader.records.model import FORMAT, VERSION, RecordFile
from grader.records.read import MAX_RECORD_BYTES, LearnerRecord, Rejected, read_record, when
from grader.records.rows import MODULE_COLUMNS, module_rows
from grader.records.status import PASS_MARK, ModuleStatus, module_status, statuses

__all__ = [
    "FORMAT",
    "MAX_RECORD_BYTES",
    "MODULE_COLUMNS",
    "PASS_MARK",
    "VERSION",
    "LearnerRecord",
    "ModuleStatus",
    "RecordFile",
    "Rejected",
    "Unreadable",
    "load_records",
    "module_rows",
    "module_status",
    "read_record",
    "record_path",
    "records_folder",
    "statuses",
    "when",
]
