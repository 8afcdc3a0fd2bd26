package bot

// Role is a member's office in the group. Roles belong to the group's book,
// not to the chat's admin rights.
type Role string

const (
	RoleMember    Role = "member"
	RoleChair     Role = "chair"
	RoleTreasurer Role = "treasurer"
	RoleSecretary Role = "secretary"
)

// Officer reports whether the role is one of the group's offices.
func (r Role) Officer() bool { return r == RoleChair || r == RoleTreasurer || r == RoleSecretary }

// CanHandleMoney reports whether the role may record money for others and
// confirm reports: the treasurer, and the chair.
func (r Role) CanHandleMoney() bool { return r == RoleTreasurer || r == RoleChair }

// CanRecordAttendance reports whether the role may mark others present.
func (r Role) CanRecordAttendance() bool { return r == RoleSecretary || r == RoleChair }

// ParseRole reads an office name in Indonesian or English.
func ParseRole(s string) (Role, bool) {
	switch s {
	case "ketua", "chair", "chairman", "chairperson":
		return RoleChair, true
	case "bendahara", "treasurer":
		return RoleTreasurer, true
	case "sekretaris", "secretary":
		return RoleSecretary, true
	case "anggota", "member":
		return RoleMember, true
	}
	return "", false
}
