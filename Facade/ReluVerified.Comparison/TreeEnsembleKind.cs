namespace ReluVerified;

/// <summary>The ML.NET tree-ensemble regressors behind the thresholded tree baselines.</summary>
public enum TreeEnsembleKind
{
    /// <summary>fasttree-np: ML.NET FastTree, gradient-boosted regression trees (MART).</summary>
    FastTree,

    /// <summary>fastforest-np: ML.NET FastForest, a random forest of regression trees.</summary>
    FastForest,

    /// <summary>lightgbm-np: ML.NET's LightGBM regression (native lib_lightgbm, shipped for linux-x64 by the LightGBM package).</summary>
    LightGbm,
}
