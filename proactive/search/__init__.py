"""Korean full-text search across cases, opinions and case studies."""
