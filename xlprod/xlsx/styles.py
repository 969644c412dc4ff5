"""Fonts, fills and borders shared by every workbook (one look across kinds)."""

from __future__ import annotations

from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

NAVY = "1F3864"
INPUT_FILL = PatternFill("solid", fgColor="FFF8E1")  # pale yellow: the user types here
TOTAL_FILL = PatternFill("solid", fgColor="DCE6F1")
FINDING_FILL = PatternFill("solid", fgColor="F8CBAD")  # a validation finding
UNCERTAIN_FILL = PatternFill("solid", fgColor="FFE699")  # a rate marked "à vérifier"
HEADER_FILL = PatternFill("solid", fgColor=NAVY)
FLAG_FILL = PatternFill("solid", bgColor="FFC7CE")  # a conditional-format alert (bgColor: dxf)
#: conditional formats (a differential style takes its solid colour from the background)
OVERRUN_FILL = PatternFill("solid", start_color="F8CBAD", end_color="F8CBAD")

TITLE_FONT = Font(bold=True, size=14, color=NAVY)
SUBTITLE_FONT = Font(italic=True, size=9, color="595959")
HEADER_FONT = Font(bold=True, color="FFFFFF")
BOLD = Font(bold=True)
TOTAL_FONT = Font(bold=True, color=NAVY)
FLAG_FONT = Font(bold=True, color="9C0006")
OVERRUN_FONT = Font(bold=True, color="C00000")

TOP_BORDER = Border(top=Side(style="medium", color=NAVY))

CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
CENTER_ONLY = Alignment(horizontal="center")
RIGHT = Alignment(horizontal="right")
LEFT = Alignment(horizontal="left")
WRAP = Alignment(wrap_text=True, vertical="top")

UNLOCKED = Protection(locked=False)


def finding_comment(text: str) -> Comment:
    comment = Comment(text, "xlprod")
    comment.width = 300
    comment.height = 90
    return comment
