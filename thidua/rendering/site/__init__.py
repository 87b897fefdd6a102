"""`thidua site`: the year of the bloc as a static HTML site (context, charts, pages)."""
