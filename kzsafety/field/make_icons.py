"""Draw the installable app's PNG icons (static/icons/icon-192.png, icon-512.png) after
static/favicon.svg: the blue tile, the white shield and the tick. Run once at dev time,
`python -m kzsafety.field.make_icons`, and commit the output (Pillow cannot read SVG)."""

from pathlib import Path

from PIL import Image, ImageDraw

BLUE = (13, 110, 253, 255)
WHITE = (255, 255, 255, 255)
OUT = Path(__file__).resolve().parents[2] / "static" / "icons"


def draw(size: int) -> Image.Image:
    scale = size / 32
    image = Image.new("RGBA", (size, size), BLUE)  # full bleed: also a maskable icon
    pen = ImageDraw.Draw(image)
    shield = [
        (16, 4.5),
        (25.5, 8.1),
        (25.5, 15.3),
        (23.5, 22),
        (16, 27.5),
        (8.5, 22),
        (6.5, 15.3),
        (6.5, 8.1),
    ]
    pen.polygon([(x * scale, y * scale) for x, y in shield], fill=WHITE)
    tick = [(11.3, 16.3), (14.6, 19.6), (20.8, 13.0)]
    pen.line(
        [(x * scale, y * scale) for x, y in tick],
        fill=BLUE,
        width=round(2.8 * scale),
        joint="curve",
    )
    return image


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        draw(size).save(OUT / f"icon-{size}.png", optimize=True)
