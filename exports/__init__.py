"""Writers for what the app hands out: PPTX, PDF, PNG, CSV and Excel (formula-safe)."""
