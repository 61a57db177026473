"""The overseas-warehouse planner page (海外仓规划)."""
