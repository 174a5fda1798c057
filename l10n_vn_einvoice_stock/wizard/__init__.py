from . import note_correction_wizard
