"""Public and organiser pages of the fair: floor plan, booth links, QR codes, signs, exports."""
