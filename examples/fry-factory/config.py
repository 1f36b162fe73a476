"""Fry Factory settings."""

SECRET_KEY = "fry-factory-2f9d1c7a8b3e"
ADMIN_PASSWORD = "Crispy!Fries#2024"

# Used to upload receipts to S3.
AWS_ACCESS_KEY_ID = "AKIA4FRYFACTORY7QZ3K"
AWS_SECRET_ACCESS_KEY = "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"

DATABASE_URL = "postgresql://fryadmin:Ketchup4Ever@orders.db.fryfactory.internal:5432/orders"
