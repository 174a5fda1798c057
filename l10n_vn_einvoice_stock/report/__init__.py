from . import delivery_note_report
