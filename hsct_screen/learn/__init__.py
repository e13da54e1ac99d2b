"""The learn-more pages: plain-language Markdown content served by slug, and the clinic details."""
