"""SHU per koperasi and year: settings, the computed distribution and each member's share."""
