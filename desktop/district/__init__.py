"""The supervisor's (督学) county statistics: 资源配置 per school, 差异系数, 普及普惠, reports."""
