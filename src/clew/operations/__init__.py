"""Joint operations: plan an action day, count what participants check and find, publish results."""
