# Exports the six zero-inflated data sets of docs/comparison-real.md as numeric CSV files for the real-data benchmark.
# Usage: Rscript Bench/scripts/real_data.R OUTDIR   (needs Debian's r-cran-aer and r-cran-pscl; Bench/scripts/real_data.sh installs them)
# Each file: the features (factors as 0/1 dummies by model.matrix with treatment contrasts, first level dropped, also for
# ordered factors), then the label column y = log(1 + target) / log(1 + max target) in [0, 1]. Columns that leak the
# target are dropped. Nothing else is changed: no row is removed (the six data sets have no missing values; a row with
# one would be refused below rather than silently dropped).
args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 1) stop("usage: Rscript Bench/scripts/real_data.R OUTDIR")
out <- args[1]
dir.create(out, showWarnings = FALSE, recursive = TRUE)
options(contrasts = c("contr.treatment", "contr.treatment"))
specs <- list(
  list(name = "DoctorVisits", package = "AER", target = "visits", drop = character()),
  list(name = "RecreationDemand", package = "AER", target = "trips", drop = character()),
  list(name = "PSID1976", package = "AER", target = "hours", drop = c("participation", "wage", "repwage")),
  list(name = "NMES1988", package = "AER", target = "visits", drop = c("nvisits", "ovisits", "novisits", "emergency")),
  list(name = "CreditCard", package = "AER", target = "expenditure", drop = c("card", "share")),
  list(name = "bioChemists", package = "pscl", target = "art", drop = character())
)
for (s in specs) {
  e <- new.env()
  data(list = s$name, package = s$package, envir = e)
  d <- get(s$name, envir = e)
  if (any(!complete.cases(d))) stop(sprintf("%s: %d rows with missing values", s$name, sum(!complete.cases(d))))
  target <- as.numeric(d[[s$target]])
  if (any(target < 0)) stop(sprintf("%s: negative %s", s$name, s$target))
  features <- d[, setdiff(names(d), c(s$target, s$drop)), drop = FALSE]
  x <- model.matrix(~ ., data = features)
  x <- x[, colnames(x) != "(Intercept)", drop = FALSE]
  y <- log1p(target) / log1p(max(target))
  table <- data.frame(x, y = y, check.names = TRUE)
  file <- file.path(out, paste0(s$name, ".csv"))
  write.csv(table, file, row.names = FALSE, quote = FALSE)
  cat(sprintf("%s: %d rows, %d features, %.0f%% zero labels -> %s\n", s$name, nrow(table), ncol(x), 100 * mean(y == 0), file))
}
