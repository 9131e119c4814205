"""Colours that stay readable on a light and a dark desktop theme.

Nothing in the window names a fixed colour for text or a background. Tinted boxes (notices,
warnings, errors, confirmations) mix a hue into the palette's window colour, and their text
is the palette's own text colour, pushed lighter or darker until it has the WCAG contrast
for text (4.5:1). Coloured text on the window (an error line under a form) takes the hue,
made readable against the background the same way.

Boxes get their colours in a style sheet, coloured text in the widget's palette; both can be
read back (``shown_colours``), so a test checks what is shown with ``contrast()``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QWidget

TEXT_CONTRAST = 4.5  # WCAG 2.x AA, normal text
# Okabe-Ito hues (told apart with colour-blindness too)
HUES = {"warning": "#E69F00", "error": "#D55E00", "ok": "#009E73", "info": "#0072B2"}
_BOX = ("#{name} {{ background: {background}; color: {text}; border: 1px solid {border};"
        " border-radius: 4px; padding: {padding}px; }} #{name} QLabel {{ color: {text}; }}")


def luminance(colour: QColor) -> float:
    """WCAG relative luminance of ``colour`` (0 black .. 1 white)."""
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4
    return (0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF())
            + 0.0722 * channel(colour.blueF()))


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two colours (1 .. 21)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def blend(a: QColor, b: QColor, share_of_b: float) -> QColor:
    t = min(max(share_of_b, 0.0), 1.0)
    return QColor.fromRgbF(a.redF() * (1 - t) + b.redF() * t,
                           a.greenF() * (1 - t) + b.greenF() * t,
                           a.blueF() * (1 - t) + b.blueF() * t)


def is_dark(palette: QPalette) -> bool:
    return luminance(palette.color(QPalette.ColorRole.Window)) < 0.25


def readable(colour: QColor, background: QColor, ratio: float = TEXT_CONTRAST) -> QColor:
    """``colour``, mixed towards white (on a dark background) or black (on a light one) just
    enough to reach ``ratio`` against ``background``."""
    if contrast(colour, background) >= ratio:
        return QColor(colour)
    target = QColor("white") if luminance(background) < 0.18 else QColor("black")
    low, high = 0.0, 1.0
    for _ in range(20):
        middle = (low + high) / 2
        if contrast(blend(colour, target, middle), background) >= ratio:
            high = middle
        else:
            low = middle
    return blend(colour, target, high)


def tone_colours(kind: str, palette: QPalette | None = None) -> tuple[QColor, QColor, QColor]:
    """(text, background, border) of a tinted box of ``kind`` (warning, error, ok, info)."""
    palette = palette or QGuiApplication.palette()
    window = palette.color(QPalette.ColorRole.Window)
    hue = QColor(HUES[kind])
    background = blend(window, hue, 0.30 if is_dark(palette) else 0.16)
    text = readable(palette.color(QPalette.ColorRole.WindowText), background)
    border = blend(window, hue, 0.65)
    return text, background, border


def retint(root: QWidget) -> int:
    """Tint again every toned widget under ``root`` (the desktop theme changed while JobDesk
    runs; the main window calls this on ApplicationPaletteChange). Returns how many."""
    count = 0
    for widget in [root, *root.findChildren(QWidget)]:
        kind = widget.property("tone")
        if not kind:
            continue
        if widget.property("tone_background"):
            apply_tone(widget, str(kind), padding=int(widget.property("tone_padding") or 6))
        else:
            apply_text_tone(widget, str(kind))
        count += 1
    return count


def apply_tone(widget: QWidget, kind: str, *, padding: int = 6) -> None:
    """Make ``widget`` (a label or a bar) a tinted box of ``kind``, readable on any theme.

    The colours go into its style sheet (a style sheet's polish resets the widget's palette,
    so ``palette(window)`` there would be the plain window colour) and are kept as the
    ``tone_text`` / ``tone_background`` properties for ``shown_colours``."""
    text, background, border = tone_colours(kind, QGuiApplication.palette())
    if not widget.objectName():
        widget.setObjectName("tone_box")
    widget.setProperty("tone", kind)
    widget.setProperty("tone_text", text.name())
    widget.setProperty("tone_background", background.name())
    widget.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
    widget.setStyleSheet(_BOX.format(name=widget.objectName(), padding=padding,
                                     background=background.name(), text=text.name(),
                                     border=border.name()))
    widget.setProperty("tone_padding", padding)


def text_colour(kind: str, background: QColor | None = None) -> QColor:
    """The ``kind`` hue as text, readable on ``background`` (default: the window colour)."""
    if background is None:
        background = QGuiApplication.palette().color(QPalette.ColorRole.Window)
    return readable(QColor(HUES[kind]), background)


def apply_text_tone(widget: QWidget, kind: str = "error") -> None:
    """Coloured text (an error line under a form), readable on the window colour."""
    palette = QPalette(widget.palette())
    colour = text_colour(kind, QGuiApplication.palette().color(QPalette.ColorRole.Window))
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        palette.setColor(group, QPalette.ColorRole.WindowText, colour)
    widget.setPalette(palette)
    widget.setProperty("tone", kind)


def shown_colours(widget: QWidget) -> tuple[QColor, QColor]:
    """(text, background) a toned widget shows (for the contrast test)."""
    if widget.property("tone_background"):
        return QColor(widget.property("tone_text")), QColor(widget.property("tone_background"))
    palette = widget.palette()
    return (palette.color(QPalette.ColorRole.WindowText),
            palette.color(QPalette.ColorRole.Window))


def readable_on_base(colour: str) -> QColor:
    """A fixed hue as text in a list or table (on the palette's base colour)."""
    return readable(QColor(colour), QGuiApplication.palette().color(QPalette.ColorRole.Base))
