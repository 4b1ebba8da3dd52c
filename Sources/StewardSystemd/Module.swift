// Module StewardSystemd.
