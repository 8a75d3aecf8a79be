package dev.spoor.query.internal;

/** Sorting and merging of {@code int} keys under an {@link IntBTree.Comparator}, without boxing. */
public final class IntSort {
  private IntSort() {}

  /** Sorts {@code a[0..n)} (stable merge sort). */
  public static void sort(int[] a, int n, IntBTree.Comparator cmp) {
    if (n < 2) {
      return;
    }
    int[] tmp = new int[n];
    mergeSort(a, tmp, 0, n, cmp);
  }

  private static void mergeSort(int[] a, int[] tmp, int lo, int hi, IntBTree.Comparator cmp) {
    if (hi - lo <= 16) {
      for (int i = lo + 1; i < hi; i++) {
        int x = a[i];
        int j = i - 1;
        while (j >= lo && cmp.compare(a[j], x) > 0) {
          a[j + 1] = a[j];
          j--;
        }
        a[j + 1] = x;
      }
      return;
    }
    int mid = (lo + hi) >>> 1;
    mergeSort(a, tmp, lo, mid, cmp);
    mergeSort(a, tmp, mid, hi, cmp);
    if (cmp.compare(a[mid - 1], a[mid]) <= 0) {
      return;
    }
    System.arraycopy(a, lo, tmp, lo, hi - lo);
    int i = lo;
    int j = mid;
    for (int k = lo; k < hi; k++) {
      if (i < mid && (j >= hi || cmp.compare(tmp[i], tmp[j]) <= 0)) {
        a[k] = tmp[i++];
      } else {
        a[k] = tmp[j++];
      }
    }
  }

  /** Merges two sorted arrays into a new one. */
  public static int[] merge(int[] x, int nx, int[] y, int ny, IntBTree.Comparator cmp) {
    int[] out = new int[nx + ny];
    int i = 0;
    int j = 0;
    int k = 0;
    while (i < nx && j < ny) {
      out[k++] = cmp.compare(x[i], y[j]) <= 0 ? x[i++] : y[j++];
    }
    while (i < nx) {
      out[k++] = x[i++];
    }
    while (j < ny) {
      out[k++] = y[j++];
    }
    return out;
  }
}
