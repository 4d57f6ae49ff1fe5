"""What the printed swimlane chart and the interactive timeline share, without drawing anything: marker
shapes and colours, positions on the time axis, key dates, and the wording of gaps and follow-up lags."""
